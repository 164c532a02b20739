-- Incidents per calendar year in a scope, from the first year with data up to $date_to (so the
-- trend shows around any chosen period), with resolved counts and the rate per 1.000 people:
-- one row per year from the first incident year to the year of $date_to.
-- With a model type, only incidents in villages with such a model active on the incident date.
-- params: $communes varchar[], $unit_set varchar, $date_to date, $model_type varchar ('' = all)
with scoped as (
    select village_code, population
    from village_units
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

population as (
    select coalesce(sum(population), 0)::bigint as population from scoped
),

picked as (
    select year(i.occurred_on) as year, i.resolved
    from incident_rows as i
    where i.occurred_on <= $date_to::date
      and in_scope(i.commune_code, i.commune_code_2025, $communes::varchar[], $unit_set)
      and covers_type(i.model_types, $model_type)
),

years as (
    select unnest(range(
        (select least(min(year(occurred_on)), year($date_to::date)) from incidents),
        year($date_to::date) + 1
    )) as year
),

final as (
    select
        y.year::integer as year,
        count(p.year)::bigint as incidents,
        count(*) filter (where p.resolved)::bigint as resolved,
        case when any_value(pop.population) = 0 then null
             else 1000.0 * count(p.year) / any_value(pop.population) end as incidents_per_1000
    from years as y
    cross join population as pop
    left join picked as p using (year)
    group by y.year
)

select * from final order by year
