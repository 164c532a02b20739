-- Followers per unit and religion in a year: households and people, one row per unit and
-- religion that has followers.
-- params: $communes varchar[], $unit_set varchar, $year integer
select
    unit_code(v.commune_code, v.commune_code_2025, $unit_set) as unit_code,
    any_value(case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end)
        as unit_name,
    r.religion,
    sum(r.households)::bigint as households,
    sum(r.people)::bigint as people
from religion as r
join village_units as v using (village_code)
where r.year = $year::integer
  and in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
group by 1, r.religion
order by unit_name collate vi, religion collate vi
