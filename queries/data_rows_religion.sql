-- The religion rows the sidebar filters select (communes of a unit set; the years the period
-- touches. The model type does not apply: these are village counts), first $row_limit in year
-- and village order, each with the labels of its codes (village with its commune, religion) next
-- to the codes, the old commune (antt.privacy groups counts by it), and total_rows: how many rows
-- match. The Dữ liệu page shows the labels; its
-- downloads keep both.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $row_limit bigint (null = every row)
with matching as (
    select
        r.*,
        v.village_name,
        v.commune_code,
        case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end as unit_name
    from religion as r
    join village_units as v on v.village_code = r.village_code
    where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
      and r.year between year($date_from::date) and year($date_to::date)
),

picked as (
    select *, count(*) over () as total_rows
    from matching
    order by year, village_code, religion
    limit $row_limit
)

select
    p.year,
    p.village_code,
    p.village_name,
    p.unit_name,
    p.commune_code,
    p.religion,
    l.label as religion_label,
    p.households,
    p.people,
    p.total_rows
from picked as p
left join vocab as l on l."table" = 'religion' and l."column" = 'religion' and l.value = p.religion
order by p.year, p.village_code, p.religion
