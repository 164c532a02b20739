-- The models rows the sidebar filters select (communes of a unit set, the model type; models
-- active at some time in the period), first $row_limit in establishment order, each with the
-- labels of its codes (village with its commune, model type) next to the codes, and total_rows:
-- how many rows match. The Dữ liệu page shows the labels; its downloads keep both.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all), $row_limit bigint (null = every row)
with matching as (
    select
        m.*,
        v.village_name,
        case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end as unit_name
    from models as m
    join village_units as v on v.village_code = m.village_code
    where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
      and m.established_on <= $date_to::date
      and (m.ended_on is null or m.ended_on >= $date_from::date)
      and ($model_type = '' or m.model_type = $model_type)
),

picked as (
    select *, count(*) over () as total_rows
    from matching
    order by established_on, model_id
    limit $row_limit
)

select
    p.model_id,
    p.model_name,
    p.model_type,
    t.label as model_type_label,
    p.village_code,
    p.village_name,
    p.unit_name,
    p.established_on,
    p.ended_on,
    p.members,
    p.total_rows
from picked as p
left join vocab as t
    on t."table" = 'models' and t."column" = 'model_type'
       and t.value = p.model_type
order by p.established_on, p.model_id
