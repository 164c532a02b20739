-- One model's activities per month from $date_from to $date_to (the chosen period): one row per
-- month that has any of its rows (month = first day of the month). With $report_months the
-- months are those of Nghị định 09/2019 (month m: 15th of m-1 to 14th of m, as the report
-- periods count them, antt.indicators.periods), else calendar months.
-- params: $model_id varchar, $date_from date, $date_to date, $report_months boolean
with acts as (
    select
        case when $report_months
            then (date_trunc('month', on_date - interval 14 day) + interval 1 month)::date
            else date_trunc('month', on_date)::date
        end as month,
        *
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
