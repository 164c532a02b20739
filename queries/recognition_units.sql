-- The communes of the year's unit set in the scope, for the xã-level criteria.
-- params: $communes varchar[], $unit_set varchar
select distinct
    unit_code(v.commune_code, v.commune_code_2025, $unit_set) as unit_code,
    case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end as unit_name
from village_units as v
where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
order by unit_code
