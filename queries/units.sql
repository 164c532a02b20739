-- The units of a unit set for filter lists, in Vietnamese order: code, name, kind, counts.
-- params: $unit_set '2024' | '2025'
select
    unit_code(commune_code, commune_code_2025, $unit_set) as unit_code,
    any_value(case when $unit_set = '2025' then commune_name_2025 else commune_name end)
        as unit_name,
    any_value(case when $unit_set = '2025' then 'xã' else commune_kind end) as unit_kind,
    count(*)::bigint as villages,
    sum(population)::bigint as population
from village_units
group by 1
order by unit_name collate vi
