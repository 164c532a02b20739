-- Incidents in villages with an active model of the chosen type (any type when '') at the time
-- of the incident vs the other villages, per 1.000 people: two rows ('model', 'other').
-- A village counts as a model village when it has such a model active on $date_to.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = any type)
with villages_in_scope as (
    select village_code, population
    from village_units
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

model_villages as (
    select distinct village_code
    from models
    where ($model_type = '' or model_type = $model_type)
      and established_on <= $date_to::date
      and (ended_on is null or ended_on >= $date_to::date)
),

grouped as (
    select
        v.village_code,
        v.population,
        case when mv.village_code is null then 'other' else 'model' end as village_group
    from villages_in_scope as v
    left join model_villages as mv using (village_code)
),

incs as (
    select village_code, count(*) as incidents
    from incidents
    where occurred_on between $date_from::date and $date_to::date
    group by village_code
),

groups as (
    select 'model' as village_group, 1 as ord
    union all
    select 'other', 2
)

select
    g.village_group,
    count(gr.village_code)::bigint as villages,
    coalesce(sum(gr.population), 0)::bigint as population,
    coalesce(sum(i.incidents), 0)::bigint as incidents,
    case
        when coalesce(sum(gr.population), 0) = 0 then null
        else 1000.0 * coalesce(sum(i.incidents), 0) / sum(gr.population)
    end as incidents_per_1000
from groups as g
left join grouped as gr using (village_group)
left join incs as i using (village_code)
group by g.village_group, g.ord
order by g.ord
