-- One model's activities per calendar month from its establishment to $date_to: one row per
-- month that has any of its rows (month = first day of the month).
-- params: $model_id varchar, $date_to date
with acts as (
    select date_trunc('month', on_date)::date as month, activity, people, households, successes
    from activities
    where model_id = $model_id
      and on_date <= $date_to::date
),

final as (
    select
        month,
        count(*) filter (where activity = 'outreach')::bigint as outreach_sessions,
        coalesce(sum(people) filter (where activity = 'outreach'), 0)::bigint
            as outreach_attendees,
        count(*) filter (where activity = 'patrols')::bigint as patrols,
        coalesce(sum(people) filter (where activity = 'patrols'), 0)::bigint
            as patrol_participants,
        count(*) filter (where activity = 'commitments')::bigint as commitments,
        coalesce(sum(households) filter (where activity = 'commitments'), 0)::bigint
            as commitment_households,
        count(*) filter (where activity = 'mediations')::bigint as mediations,
        coalesce(sum(successes) filter (where activity = 'mediations'), 0)::bigint
            as mediations_successful
    from acts
    group by month
)

select * from final order by month
