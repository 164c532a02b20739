-- The incidents rows the sidebar filters select (communes of a unit set, the period; with a model
-- type, the incidents in villages where a model of that type was active that day), first
-- $row_limit in date order, each with the labels of its codes (village with its commune, category,
-- field) next to the codes, and total_rows: how many rows match. The Dữ liệu page shows the
-- labels; its downloads keep both.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all), $row_limit bigint (null = every row)
with matching as (
    select
        i.*,
        v.village_name,
        case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end as unit_name
    from incident_rows as i
    join village_units as v on v.village_code = i.village_code
    where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
      and i.occurred_on between $date_from::date and $date_to::date
      and covers_type(i.model_types, $model_type)
),

picked as (
    select *, count(*) over () as total_rows
    from matching
    order by occurred_on, record_id
    limit $row_limit
)

select
    p.record_id,
    p.occurred_on,
    p.village_code,
    p.village_name,
    p.unit_name,
    p.category,
    c.label as category_label,
    p.field,
    f.label as field_label,
    p.resolved,
    p.total_rows
from picked as p
left join vocab as c on c."table" = 'incidents' and c."column" = 'category' and c.value = p.category
left join vocab as f on f."table" = 'incidents' and f."column" = 'field' and f.value = p.field
order by p.occurred_on, p.record_id
