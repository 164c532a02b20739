-- The outreach topics covered by rows carrying a model of the chosen type in a scope and
-- period: one row per topic with sessions, with its Vietnamese label, in vocab.csv order.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all rows)
with vocab_order as (
    select value, label, row_number() over () as vocab_pos
    from vocab
    where "table" = 'outreach' and "column" = 'topic'
),

scoped as (
    select village_code
    from village_units
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

picked as (
    select o.topic, o.attendees
    from outreach as o
    left join models as m using (model_id)
    where o.held_on between $date_from::date and $date_to::date
      and o.village_code in (select village_code from scoped)
      and ($model_type = '' or m.model_type = $model_type)
),

per_topic as (
    select topic, count(*)::bigint as sessions, sum(attendees)::bigint as attendees
    from picked
    group by topic
),

final as (
    select
        t.topic,
        coalesce(v.label, t.topic) as topic_label,
        coalesce(v.vocab_pos, 1000000) as vocab_pos,
        t.sessions,
        t.attendees
    from per_topic as t
    left join vocab_order as v on v.value = t.topic
)

select * from final order by vocab_pos, topic_label collate vi
