-- Activity and incident totals per unit of the chosen unit set (2024 xã/thị trấn or 2025 xã),
-- with population and model counts: one row per unit in scope, also units with no activity.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all)
with units as (
    select
        unit_code(commune_code, commune_code_2025, $unit_set) as unit_code,
        case when $unit_set = '2025' then commune_name_2025 else commune_name end as unit_name,
        village_code,
        population,
        households
    from village_units
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

acts as (
    select
        unit_code(a.commune_code, a.commune_code_2025, $unit_set) as unit_code,
        sum(a.outreach_sessions) as outreach_sessions,
        sum(a.outreach_attendees) as outreach_attendees,
        sum(a.patrols) as patrols,
        sum(a.patrol_participants) as patrol_participants,
        sum(a.commitments) as commitments,
        sum(a.commitment_households) as commitment_households,
        sum(a.mediations) as mediations,
        sum(a.mediations_successful) as mediations_successful
    from activities as a
    where a.on_date between $date_from::date and $date_to::date
      and in_scope(a.commune_code, a.commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or a.model_type = $model_type)
    group by unit_code
),

incs as (
    select unit_code(i.commune_code, i.commune_code_2025, $unit_set) as unit_code,
           count(*) as incidents
    from incident_rows as i
    where i.occurred_on between $date_from::date and $date_to::date
      and in_scope(i.commune_code, i.commune_code_2025, $communes::varchar[], $unit_set)
      and covers_type(i.model_types, $model_type)
    group by all
),

mods as (
    select u.unit_code, count(*) as active_models
    from models as m
    join units as u using (village_code)
    where m.established_on <= $date_to::date
      and (m.ended_on is null or m.ended_on >= $date_to::date)
      and ($model_type = '' or m.model_type = $model_type)
    group by u.unit_code
),

unit_totals as (
    select
        unit_code,
        any_value(unit_name) as unit_name,
        count(*) as villages,
        sum(population)::bigint as population,
        sum(households)::bigint as households
    from units
    group by unit_code
)

select
    t.unit_code,
    t.unit_name,
    t.villages,
    t.population,
    t.households,
    coalesce(m.active_models, 0)::bigint as active_models,
    coalesce(a.outreach_sessions, 0)::bigint as outreach_sessions,
    coalesce(a.outreach_attendees, 0)::bigint as outreach_attendees,
    coalesce(a.patrols, 0)::bigint as patrols,
    coalesce(a.patrol_participants, 0)::bigint as patrol_participants,
    coalesce(a.commitments, 0)::bigint as commitments,
    coalesce(a.commitment_households, 0)::bigint as commitment_households,
    coalesce(a.mediations, 0)::bigint as mediations,
    coalesce(a.mediations_successful, 0)::bigint as mediations_successful,
    coalesce(i.incidents, 0)::bigint as incidents
from unit_totals as t
left join acts as a using (unit_code)
left join incs as i using (unit_code)
left join mods as m using (unit_code)
order by t.unit_name collate vi, t.unit_code
