-- The models of a type active on a day in the scope, with their village and 2024/2025 commune:
-- one row per model, in order of establishment.
-- params: $communes varchar[], $unit_set varchar, $on_date date, $model_type varchar ('' = all)
select
    m.model_id,
    m.model_name,
    m.model_type,
    m.established_on,
    m.members,
    v.village_code,
    v.village_name,
    v.village_kind,
    v.commune_name,
    v.commune_name_2025,
    v.district_name
from models as m
join village_units as v using (village_code)
where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
  and ($model_type = '' or m.model_type = $model_type)
  and m.established_on <= $on_date::date
  and (m.ended_on is null or m.ended_on >= $on_date::date)
order by m.established_on, m.model_id
