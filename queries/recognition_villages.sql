-- The villages assessed for "An toàn về ANTT" (issue 29), with their unit in the year's unit set
-- (2024 units up to 2024, 2025 units from 2025): one row per village in the scope.
-- params: $communes varchar[], $unit_set varchar
select
    v.village_code,
    v.village_name,
    v.village_kind,
    v.households,
    v.district_name,
    v.province_name,
    unit_code(v.commune_code, v.commune_code_2025, $unit_set) as unit_code,
    case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end as unit_name
from village_units as v
where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
order by unit_code, v.village_code
