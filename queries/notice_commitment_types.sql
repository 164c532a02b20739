-- The commitment types signed in rows carrying a model of the chosen type in a scope and
-- period: one row per type with commitments and households, with its label, in vocab.csv order.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all rows)
with vocab_order as (
    select value, label, row_number() over () as vocab_pos
    from vocab
    where "table" = 'commitments' and "column" = 'commitment_type'
),

scoped as (
    select village_code
    from village_units
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

picked as (
    select c.commitment_type, c.households
    from commitments as c
    left join models as m using (model_id)
    where c.signed_on between $date_from::date and $date_to::date
      and c.village_code in (select village_code from scoped)
      and ($model_type = '' or m.model_type = $model_type)
),

per_type as (
    select commitment_type, count(*)::bigint as commitments,
           sum(households)::bigint as households
    from picked
    group by commitment_type
),

final as (
    select
        t.commitment_type,
        coalesce(v.label, t.commitment_type) as commitment_type_label,
        coalesce(v.vocab_pos, 1000000) as vocab_pos,
        t.commitments,
        t.households
    from per_type as t
    left join vocab_order as v on v.value = t.commitment_type
)

select * from final order by vocab_pos, commitment_type_label collate vi
