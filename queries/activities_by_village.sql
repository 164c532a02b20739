-- Activity and incident totals per village in scope (also villages with no activity), with
-- the village's commune in the chosen unit set and whether it has a model active at $date_to.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all)
with villages_in_scope as (
    select
        village_code,
        village_name,
        village_kind,
        unit_code(commune_code, commune_code_2025, $unit_set) as unit_code,
        case when $unit_set = '2025' then commune_name_2025 else commune_name end as unit_name,
        lat,
        lon,
        households,
        population,
        case when $unit_set = '2025' then o.order_2025 else o.order_2024 end as sort_order
    from village_units
    join village_order as o using (village_code)
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

acts as (
    select
        village_code,
        sum(outreach_sessions) as outreach_sessions,
        sum(outreach_attendees) as outreach_attendees,
        sum(patrols) as patrols,
        sum(patrol_participants) as patrol_participants,
        sum(commitments) as commitments,
        sum(commitment_households) as commitment_households,
        sum(mediations) as mediations,
        sum(mediations_successful) as mediations_successful
    from activities
    where on_date between $date_from::date and $date_to::date
      and in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or model_type = $model_type)
    group by village_code
),

incs as (
    select village_code, count(*) as incidents
    from incident_rows
    where occurred_on between $date_from::date and $date_to::date
      and in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
      and covers_type(model_types, $model_type)
    group by village_code
),

mods as (
    select
        village_code,
        count(*) filter (
            where established_on <= $date_to::date
              and (ended_on is null or ended_on >= $date_to::date)
        ) as active_models,
        count(*) filter (where ended_on is not null and ended_on < $date_to::date) as ended_models,
        string_agg(model_name, '; ' order by established_on) filter (
            where established_on <= $date_to::date
        ) as model_names
    from models
    where ($model_type = '' or model_type = $model_type)
      and established_on <= $date_to::date
    group by village_code
)

select
    v.village_code,
    v.village_name,
    v.village_kind,
    v.unit_code,
    v.unit_name,
    v.lat,
    v.lon,
    v.households,
    v.population,
    coalesce(m.active_models, 0)::bigint as active_models,
    coalesce(m.ended_models, 0)::bigint as ended_models,
    m.model_names,
    coalesce(a.outreach_sessions, 0)::bigint as outreach_sessions,
    coalesce(a.outreach_attendees, 0)::bigint as outreach_attendees,
    coalesce(a.patrols, 0)::bigint as patrols,
    coalesce(a.patrol_participants, 0)::bigint as patrol_participants,
    coalesce(a.commitments, 0)::bigint as commitments,
    coalesce(a.commitment_households, 0)::bigint as commitment_households,
    coalesce(a.mediations, 0)::bigint as mediations,
    coalesce(a.mediations_successful, 0)::bigint as mediations_successful,
    coalesce(i.incidents, 0)::bigint as incidents
from villages_in_scope as v
left join acts as a using (village_code)
left join incs as i using (village_code)
left join mods as m using (village_code)
-- Vietnamese order of commune, then village (precomputed at load: setup/refresh.sql)
order by v.sort_order
