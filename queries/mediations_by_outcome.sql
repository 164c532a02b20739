-- Mediations per dispute type and outcome in a scope and period: one row per pair that has
-- mediations, with Vietnamese labels and success = (outcome is 'thành').
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all rows; else rows carrying a model of that type)
with picked as (
    select kind as dispute_type, detail as outcome
    from activities
    where activity = 'mediations'
      and on_date between $date_from::date and $date_to::date
      and in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or model_type = $model_type)
),

final as (
    select
        p.dispute_type,
        coalesce(any_value(d.label), p.dispute_type) as dispute_type_label,
        p.outcome,
        coalesce(any_value(o.label), p.outcome) as outcome_label,
        p.outcome = 'thành' as success,
        count(*)::bigint as mediations
    from picked as p
    left join vocab as d
        on d."table" = 'mediations' and d."column" = 'dispute_type' and d.value = p.dispute_type
    left join vocab as o
        on o."table" = 'mediations' and o."column" = 'outcome' and o.value = p.outcome
    group by p.dispute_type, p.outcome
)

select * from final order by dispute_type_label collate vi, success desc
