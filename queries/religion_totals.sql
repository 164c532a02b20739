-- Followers per religion in the scope in a year (households, people), largest first, plus
-- one row 'Tổng' with the totals (is_total = true, last).
-- params: $communes varchar[], $unit_set varchar, $year integer
with r as (
    select r.religion, r.households, r.people
    from religion as r
    join village_units as v using (village_code)
    where r.year = $year::integer
      and in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
),

per_religion as (
    select religion, sum(households)::bigint as households, sum(people)::bigint as people,
           false as is_total
    from r
    group by religion
)

select * from per_religion
union all
select 'Tổng', coalesce(sum(households), 0)::bigint, coalesce(sum(people), 0)::bigint, true
from per_religion
order by is_total, people desc, religion
