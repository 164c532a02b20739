-- Outreach sessions and attendees per format in a scope and period, most sessions first: one
-- row per format that has sessions, with its Vietnamese label.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all rows; else rows carrying a model of that type)
with picked as (
    select detail as format, people as attendees
    from activities
    where activity = 'outreach'
      and on_date between $date_from::date and $date_to::date
      and in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or model_type = $model_type)
),

final as (
    select
        p.format,
        coalesce(any_value(l.label), p.format) as format_label,
        count(*)::bigint as sessions,
        sum(p.attendees)::bigint as attendees
    from picked as p
    left join vocab as l
        on l."table" = 'outreach' and l."column" = 'format' and l.value = p.format
    group by p.format
)

select * from final order by sessions desc, format_label collate vi
