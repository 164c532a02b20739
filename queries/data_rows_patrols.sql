-- The patrols rows the sidebar filters select (communes of a unit set, the period, the model
-- type), first $row_limit in date order, each with the labels of its codes (village with its
-- commune, occasion, model name) next to the codes, and total_rows: how many rows match. The Dữ
-- liệu page shows the labels; its downloads keep both.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all), $row_limit bigint (null = every row)
with matching as (
    select
        r.*,
        v.village_name,
        case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end as unit_name,
        m.model_name
    from patrols as r
    left join models as m using (model_id)
    join village_units as v on v.village_code = r.village_code
    where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
      and r.held_on between $date_from::date and $date_to::date
      and ($model_type = '' or m.model_type = $model_type)
),

picked as (
    select *, count(*) over () as total_rows
    from matching
    order by held_on, record_id
    limit $row_limit
)

select
    p.record_id,
    p.held_on,
    p.village_code,
    p.village_name,
    p.unit_name,
    p.model_id,
    p.model_name,
    p.occasion,
    occasion_l.label as occasion_label,
    p.participants,
    p.total_rows
from picked as p
left join vocab as occasion_l
    on occasion_l."table" = 'patrols' and occasion_l."column" = 'occasion'
       and occasion_l.value = p.occasion
order by p.held_on, p.record_id
