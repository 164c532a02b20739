-- Incidents per category and field in a scope and period, with how many were resolved: one row
-- per (category, field) pair that has incidents, with Vietnamese labels, most incidents first.
-- With a model type, only incidents in villages with such a model active on the incident date.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all)
with picked as (
    select i.category, i.field, i.resolved
    from incident_rows as i
    where i.occurred_on between $date_from::date and $date_to::date
      and in_scope(i.commune_code, i.commune_code_2025, $communes::varchar[], $unit_set)
      and covers_type(i.model_types, $model_type)
),

final as (
    select
        p.category,
        coalesce(any_value(c.label), p.category) as category_label,
        p.field,
        coalesce(any_value(f.label), p.field) as field_label,
        count(*)::bigint as incidents,
        count(*) filter (where p.resolved)::bigint as resolved
    from picked as p
    left join vocab as c
        on c."table" = 'incidents' and c."column" = 'category' and c.value = p.category
    left join vocab as f
        on f."table" = 'incidents' and f."column" = 'field' and f.value = p.field
    group by p.category, p.field
)

select * from final order by incidents desc, category_label collate vi, field_label collate vi
