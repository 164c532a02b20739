-- Patrols and participants per occasion in a scope and period, most patrols first: one row
-- per occasion that has patrols, with its Vietnamese label.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all rows; else rows carrying a model of that type)
with picked as (
    select kind as occasion, people as participants
    from activities
    where activity = 'patrols'
      and on_date between $date_from::date and $date_to::date
      and in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or model_type = $model_type)
),

final as (
    select
        p.occasion,
        coalesce(any_value(l.label), p.occasion) as occasion_label,
        count(*)::bigint as patrols,
        sum(p.participants)::bigint as participants
    from picked as p
    left join vocab as l
        on l."table" = 'patrols' and l."column" = 'occasion' and l.value = p.occasion
    group by p.occasion
)

select * from final order by patrols desc, occasion_label collate vi
