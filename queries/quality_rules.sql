-- The validation rules of data/rules.toml (antt/quality/rules.py), one row per violation.
-- Each rule comes as one element of the parallel lists $rule_ids, $lefts, $ops, $rights,
-- $constants ('' when the right side is a figure) and $factors (the right side's multiplier).
-- A figure belongs to a record ('ban_ghi.…'), a village-day ('thon_ngay.…'), a village in a
-- reporting month ('thon_thang.…') or the village ('thon.…'); a record's right side is a
-- number or a village figure, a day's or month's also a figure of the same day or month.
-- A side without a value (no row that day or month) leaves the rule unchecked ("skip if
-- missing"); 0 is a value. Only the figures some rule names are computed, and the list of
-- records of a day or month only for the violations (a million rows: no text for the others).
with rules as (
    select
        unnest($rule_ids) as rule_id,
        unnest($lefts) as left_figure,
        unnest($ops) as op,
        unnest($rights) as right_figure,
        try_cast(nullif(unnest($constants), '') as double) as constant,
        cast(unnest($factors) as double) as factor
),
wanted as (
    select left_figure as figure from rules
    union
    select right_figure from rules
),
record_figures(figure, activity, measure) as (
    values ('ban_ghi.tuyen_truyen.so_luot_tham_du', 'outreach', 'people'),
           ('ban_ghi.tuan_tra.so_luot_tham_gia', 'patrols', 'people'),
           ('ban_ghi.cam_ket.so_ho_ky', 'commitments', 'households')
),
group_figures(figure, activity, level, measure) as (
    values ('thon_ngay.so_buoi_tuyen_truyen', 'outreach', 'thon_ngay', 'count'),
           ('thon_ngay.so_cuoc_tuan_tra', 'patrols', 'thon_ngay', 'count'),
           ('thon_thang.so_vu_hoa_giai', 'mediations', 'thon_thang', 'count'),
           ('thon_thang.so_vu_hoa_giai_thanh', 'mediations', 'thon_thang', 'successes'),
           ('thon_thang.so_luot_tham_du', 'outreach', 'thon_thang', 'people')
),
record_checks as (
    select
        r.rule_id, 'ban_ghi' as level, a.activity, a.village_code, 0 as group_no,
        a.record_id, a.on_date,
        (case f.measure when 'people' then a.people else a.households end)::double
            as left_value,
        r.op,
        r.factor * coalesce(r.constant,
            case r.right_figure when 'thon.nhan_khau' then v.population
                                when 'thon.so_ho' then v.households end) as right_value
    from rules as r
    join record_figures as f on f.figure = r.left_figure
    join activity_source as a on a.activity = f.activity
    left join village_units as v on v.village_code = a.village_code
),
day_groups as (
    select activity, village_code, on_date, count(*)::double as n
    from activity_source
    where activity in (select activity from group_figures
                       where level = 'thon_ngay' and figure in (select figure from wanted))
    group by activity, village_code, on_date
),
month_groups as (
    select activity, village_code, report_month_no(on_date) as month_no,
           count(*)::double as n, sum(people)::double as people,
           sum(successes)::double as successes
    from activity_source
    where activity in (select activity from group_figures
                       where level = 'thon_thang' and figure in (select figure from wanted))
    group by activity, village_code, month_no
),
group_values as materialized (
    select f.figure, f.level, d.activity, d.village_code, epoch_ms(d.on_date) as group_no,
           d.n as value
    from day_groups as d
    join group_figures as f on f.activity = d.activity and f.level = 'thon_ngay'
    where f.figure in (select figure from wanted)
    union all
    select f.figure, f.level, m.activity, m.village_code, m.month_no,
           case f.measure when 'count' then m.n when 'people' then m.people
                          else m.successes end
    from month_groups as m
    join group_figures as f on f.activity = m.activity and f.level = 'thon_thang'
    where f.figure in (select figure from wanted)
),
group_checks as (
    select
        r.rule_id, l.level, l.activity, l.village_code, l.group_no, null as record_id,
        null::date as on_date, l.value as left_value, r.op,
        r.factor * coalesce(
            r.constant,
            case r.right_figure when 'thon.nhan_khau' then v.population
                                when 'thon.so_ho' then v.households end,
            o.value) as right_value
    from rules as r
    join group_values as l on l.figure = r.left_figure
    left join (select * from group_values
               where figure in (select right_figure from rules)) as o
        on o.figure = r.right_figure and o.level = l.level
       and o.village_code = l.village_code and o.group_no = l.group_no
    left join village_units as v on v.village_code = l.village_code
),
violations as (
    select * from (select * from record_checks union all select * from group_checks)
    where right_value is not null
      and not case op
          when '<=' then left_value <= right_value
          when '<' then left_value < right_value
          when '>=' then left_value >= right_value
          when '>' then left_value > right_value
          when '==' then left_value = right_value
          when '!=' then left_value <> right_value
      end
),
grouped as (
    select v.rule_id, v.level, v.village_code, v.group_no,
           string_agg(a.record_id, ', ' order by a.record_id) as records,
           max(a.record_id) as last_record, max(a.on_date) as last_date
    from violations as v
    join activity_source as a on a.activity = v.activity and a.village_code = v.village_code
    where v.level <> 'ban_ghi'
      and case v.level when 'thon_ngay' then epoch_ms(a.on_date) = v.group_no
                       else report_month_no(a.on_date) = v.group_no end
    group by v.rule_id, v.level, v.village_code, v.group_no
),
described as (
    select v.rule_id, v.level, v.activity, v.village_code, v.left_value, v.right_value,
           coalesce(v.record_id, g.last_record) as record_id,
           coalesce(g.records, v.record_id) as records,
           coalesce(v.on_date, g.last_date) as on_date
    from violations as v
    left join grouped as g using (rule_id, level, village_code, group_no)
)
select
    d.rule_id as check_id,
    d.rule_id || ':' || case d.level
        when 'ban_ghi' then d.record_id
        when 'thon_ngay' then d.village_code || ':' || strftime(d.on_date, '%Y-%m-%d')
        else d.village_code || ':' || report_month_text(report_month_no(d.on_date)) end
        as flag,
    d.activity as table_name, d.record_id, d.records, d.village_code, u.commune_code,
    u.commune_code_2025, d.on_date, report_month_text(report_month_no(d.on_date)) as period,
    d.left_value, d.right_value
from described as d
left join village_units as u on u.village_code = d.village_code
order by d.on_date, d.record_id, check_id;
