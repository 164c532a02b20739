-- Outreach sessions and attendees per topic in a scope and period, most sessions first: one
-- row per topic that has sessions, with its Vietnamese label and its place in vocab.csv
-- (vocab_pos: the notice lists topics in that order).
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all rows; else rows carrying a model of that type)
with vocab_order as (
    select value, label, row_number() over () as vocab_pos
    from vocab
    where "table" = 'outreach' and "column" = 'topic'
),

picked as (
    select kind as topic, people as attendees
    from activities
    where activity = 'outreach'
      and on_date between $date_from::date and $date_to::date
      and in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or model_type = $model_type)
),

final as (
    select
        p.topic,
        coalesce(any_value(l.label), p.topic) as topic_label,
        coalesce(any_value(l.vocab_pos), 1000000) as vocab_pos,
        count(*)::bigint as sessions,
        sum(p.attendees)::bigint as attendees
    from picked as p
    left join vocab_order as l on l.value = p.topic
    group by p.topic
)

select * from final order by sessions desc, topic_label collate vi
