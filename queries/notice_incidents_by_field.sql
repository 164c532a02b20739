-- Incidents in villages that had a model of the chosen type active on the incident date, in a
-- scope and period: one row per (field, category) with incidents, with labels, fields and
-- categories in vocab.csv order.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all incidents)
with field_order as (
    select value, label, row_number() over () as pos
    from vocab
    where "table" = 'incidents' and "column" = 'field'
),

category_order as (
    select value, label, row_number() over () as pos
    from vocab
    where "table" = 'incidents' and "column" = 'category'
),

picked as (
    select i.field, i.category
    from incident_rows as i
    where i.occurred_on between $date_from::date and $date_to::date
      and in_scope(i.commune_code, i.commune_code_2025, $communes::varchar[], $unit_set)
      and covers_type(i.model_types, $model_type)
),

counted as (
    select field, category, count(*)::bigint as incidents
    from picked
    group by field, category
),

final as (
    select
        c.field,
        coalesce(f.label, c.field) as field_label,
        coalesce(f.pos, 1000000) as field_pos,
        c.category,
        coalesce(k.label, c.category) as category_label,
        coalesce(k.pos, 1000000) as category_pos,
        c.incidents
    from counted as c
    left join field_order as f on f.value = c.field
    left join category_order as k on k.value = c.category
)

select * from final order by field_pos, field_label, category_pos, category_label
