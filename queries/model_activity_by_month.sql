-- One model's activities per calendar month from $date_from to $date_to (the chosen period):
-- one row per month that has any of its rows (month = first day of the month).
-- params: $model_id varchar, $date_from date, $date_to date
with acts as (
    select date_trunc('month', on_date)::date as month, *
    from activities
    where model_id = $model_id
      and on_date between $date_from::date and $date_to::date
),

final as (
    select
        month,
        sum(outreach_sessions)::bigint as outreach_sessions,
        sum(outreach_attendees)::bigint as outreach_attendees,
        sum(patrols)::bigint as patrols,
        sum(patrol_participants)::bigint as patrol_participants,
        sum(commitments)::bigint as commitments,
        sum(commitment_households)::bigint as commitment_households,
        sum(mediations)::bigint as mediations,
        sum(mediations_successful)::bigint as mediations_successful
    from acts
    group by month
)

select * from final order by month
