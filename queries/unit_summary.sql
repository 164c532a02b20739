-- Facts about the units in scope: how many xã / thị trấn, villages by kind, people, households,
-- natural area, and the district and province they belong to. One row.
-- params: $communes varchar[], $unit_set '2024' | '2025'
with v as (
    select *
    from village_units
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

units as (
    select distinct unit_code(commune_code, commune_code_2025, $unit_set) as unit_code
    from v
),

unit_facts as (
    select
        u.unit_code,
        case when $unit_set = '2025' then 'xã' else c.kind end as kind,
        case when $unit_set = '2025' then n.area_km2 else c.area_km2 end as area_km2
    from units as u
    left join communes as c on $unit_set <> '2025' and c.commune_code = u.unit_code
    left join communes_2025 as n on $unit_set = '2025' and n.commune_code_2025 = u.unit_code
)

select
    (select count(*) from unit_facts where kind = 'xã')::bigint as communes_xa,
    (select count(*) from unit_facts where kind = 'thị trấn')::bigint as communes_thi_tran,
    (select count(*) from unit_facts)::bigint as units,
    (select count(*) from v)::bigint as villages,
    (select count(*) from v where village_kind = 'thôn')::bigint as villages_thon,
    (select count(*) from v where village_kind = 'khối phố')::bigint as villages_khoi_pho,
    (select coalesce(sum(population), 0) from v)::bigint as population,
    (select coalesce(sum(households), 0) from v)::bigint as households,
    (select round(sum(area_km2), 2) from unit_facts) as area_km2,
    (select string_agg(distinct district_name, ', ') from v) as district_names,
    (select string_agg(distinct province_name, ', ') from v) as province_names
