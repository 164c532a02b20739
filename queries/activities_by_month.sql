-- Activity and incident totals per calendar month in a scope and period: one row per month
-- that has any row (month = first day of the month).
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all)
with acts as (
    select date_trunc('month', on_date)::date as month, *
    from activities
    where on_date between $date_from::date and $date_to::date
      and in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or model_type = $model_type)
),

act_months as (
    select
        month,
        sum(outreach_sessions) as outreach_sessions,
        sum(outreach_attendees) as outreach_attendees,
        sum(patrols) as patrols,
        sum(patrol_participants) as patrol_participants,
        sum(commitments) as commitments,
        sum(commitment_households) as commitment_households,
        sum(mediations) as mediations,
        sum(mediations_successful) as mediations_successful
    from acts
    group by month
),

incident_months as (
    select date_trunc('month', occurred_on)::date as month, count(*) as incidents
    from incident_rows
    where occurred_on between $date_from::date and $date_to::date
      and in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
      and covers_type(model_types, $model_type)
    group by month
)

select
    month,
    coalesce(a.outreach_sessions, 0)::bigint as outreach_sessions,
    coalesce(a.outreach_attendees, 0)::bigint as outreach_attendees,
    coalesce(a.patrols, 0)::bigint as patrols,
    coalesce(a.patrol_participants, 0)::bigint as patrol_participants,
    coalesce(a.commitments, 0)::bigint as commitments,
    coalesce(a.commitment_households, 0)::bigint as commitment_households,
    coalesce(a.mediations, 0)::bigint as mediations,
    coalesce(a.mediations_successful, 0)::bigint as mediations_successful,
    coalesce(i.incidents, 0)::bigint as incidents
from act_months as a
full outer join incident_months as i using (month)
order by month
