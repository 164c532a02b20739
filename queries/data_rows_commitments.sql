-- The commitments rows the sidebar filters select (communes of a unit set, the period, the model
-- type), first $row_limit in date order, each with the labels of its codes (village with its
-- commune, commitment type, model name) next to the codes, and total_rows: how many rows match.
-- The Dữ liệu page shows the labels; its downloads keep both.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all), $row_limit bigint (null = every row)
with matching as (
    select
        r.*,
        v.village_name,
        case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end as unit_name,
        m.model_name
    from commitments as r
    left join models as m using (model_id)
    join village_units as v on v.village_code = r.village_code
    where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
      and r.signed_on between $date_from::date and $date_to::date
      and ($model_type = '' or m.model_type = $model_type)
),

picked as (
    select *, count(*) over () as total_rows
    from matching
    order by signed_on, record_id
    limit $row_limit
)

select
    p.record_id,
    p.signed_on,
    p.village_code,
    p.village_name,
    p.unit_name,
    p.model_id,
    p.model_name,
    p.commitment_type,
    commitment_type_l.label as commitment_type_label,
    p.households,
    p.total_rows
from picked as p
left join vocab as commitment_type_l
    on commitment_type_l."table" = 'commitments' and commitment_type_l."column" = 'commitment_type'
       and commitment_type_l.value = p.commitment_type
order by p.signed_on, p.record_id
