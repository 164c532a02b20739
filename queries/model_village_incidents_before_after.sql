-- Incidents in each model's village in the 12 months before its establishment and in the
-- 12 months from it (cut at $date_to; months_after says how many months that window covers):
-- one row per model in scope established by $date_to ($model_id '' = every such model).
-- params: $communes varchar[], $unit_set varchar, $date_to date, $model_type varchar ('' = all),
--         $model_id varchar ('' = all)
with picked as (
    select
        m.model_id,
        m.model_name,
        m.model_type,
        m.village_code,
        v.village_name,
        case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end
            as unit_name,
        v.population,
        m.established_on,
        (m.established_on - interval 1 year)::date as before_from,
        (m.established_on - interval 1 day)::date as before_to,
        least((m.established_on + interval 1 year - interval 1 day)::date, $date_to::date)
            as after_to
    from models as m
    join village_units as v using (village_code)
    where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or m.model_type = $model_type)
      and ($model_id = '' or m.model_id = $model_id)
      and m.established_on <= $date_to::date
),

counted as (
    select
        p.*,
        (
            select count(*) from incidents as i
            where i.village_code = p.village_code
              and i.occurred_on between p.before_from and p.before_to
        )::bigint as incidents_before,
        (
            select count(*) from incidents as i
            where i.village_code = p.village_code
              and i.occurred_on between p.established_on and p.after_to
        )::bigint as incidents_after,
        datediff('month', p.established_on, p.after_to + 1)::integer as months_after
    from picked as p
)

select
    model_id, model_name, model_type, village_code, village_name, unit_name, population,
    established_on, before_from, before_to, after_to, months_after,
    incidents_before, incidents_after
from counted
order by established_on, model_id
