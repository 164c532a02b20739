-- The mediations rows the sidebar filters select (communes of a unit set, the period, the model
-- type), first $row_limit in date order, each with the labels of its codes (village with its
-- commune, dispute type, outcome, model name) next to the codes, and total_rows: how many rows
-- match. The Dữ liệu page shows the labels; its downloads keep both.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all), $row_limit bigint (null = every row)
with matching as (
    select
        r.*,
        v.village_name,
        case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end as unit_name,
        m.model_name
    from mediations as r
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
    p.dispute_type,
    dispute_type_l.label as dispute_type_label,
    p.outcome,
    outcome_l.label as outcome_label,
    p.total_rows
from picked as p
left join vocab as dispute_type_l
    on dispute_type_l."table" = 'mediations' and dispute_type_l."column" = 'dispute_type'
       and dispute_type_l.value = p.dispute_type
left join vocab as outcome_l
    on outcome_l."table" = 'mediations' and outcome_l."column" = 'outcome'
       and outcome_l.value = p.outcome
order by p.held_on, p.record_id
