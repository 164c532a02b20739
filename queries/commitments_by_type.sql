-- Commitments and signing households per commitment type in a scope and period, with the
-- households of the scope and the share that signed: one row per type that has commitments,
-- with its place in vocab.csv (vocab_pos: the notice lists types in that order).
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all rows; else rows carrying a model of that type)
with vocab_order as (
    select value, label, row_number() over () as vocab_pos
    from vocab
    where "table" = 'commitments' and "column" = 'commitment_type'
),

scope_households as (
    select coalesce(sum(households), 0)::bigint as scope_households
    from village_units
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

picked as (
    select kind as commitment_type, households
    from activities
    where activity = 'commitments'
      and on_date between $date_from::date and $date_to::date
      and in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or model_type = $model_type)
),

per_type as (
    select
        p.commitment_type,
        coalesce(any_value(l.label), p.commitment_type) as commitment_type_label,
        coalesce(any_value(l.vocab_pos), 1000000) as vocab_pos,
        count(*)::bigint as commitments,
        sum(p.households)::bigint as households
    from picked as p
    left join vocab_order as l on l.value = p.commitment_type
    group by p.commitment_type
),

final as (
    select
        t.*,
        s.scope_households,
        case when s.scope_households = 0 then null
             else t.households::double / s.scope_households end as household_share
    from per_type as t
    cross join scope_households as s
)

select * from final order by households desc, commitment_type_label collate vi
