"""Mô hình: the registry with totals since establishment, and one model's detail."""

import streamlit as st

from antt.indicators import charts, table_frames, view_text
from antt.indicators.periods import REPORT_KINDS, month_of
from antt.text.escape import md
from antt.text.fmt import date_short, number
from antt.ui import narrow, sections
from antt.ui.data import figure, query
from antt.ui.state import current_view

view = current_view()
st.title("Mô hình tự quản về ANTT")
p = view.params
registry = table_frames.registry_table(query(
    "model_registry", communes=p["communes"], unit_set=p["unit_set"], date_to=p["date_to"],
    model_type=p["model_type"]))
if registry.empty:
    st.info("Chưa có mô hình nào được thành lập trong phạm vi đã chọn, đến hết kỳ báo cáo.")
    st.stop()

st.subheader(f"Danh sách mô hình ({number(len(registry))})")
st.caption(f"Số liệu cộng dồn từ khi thành lập đến {date_short(p['date_to'])}; tình trạng tại "
           "ngày cuối kỳ.")
sections.table(view, registry, [
    "model_name", "model_type_label", "village_name", "unit_name", "established_on",
    "ended_on", "members", "status", "outreach_sessions", "outreach_attendees", "patrols",
    "patrol_participants", "commitment_households", "mediations"], "danh-sach-mo-hinh",
    "registry", pin=False)  # the names read as text, not greyed as a pinned column is

st.subheader("Chi tiết một mô hình")
options = table_frames.model_options(registry)  # active models first: the first one is shown
model_id = st.selectbox("Chọn mô hình", list(options), format_func=options.get,
                        key="model_pick")
narrow.phone_only("model_pick", options[model_id])
model = registry.set_index("model_id").loc[model_id]
# Tiles as wide as their text, wrapping to a second row on a narrow screen: a date or a status
# is never cut ("26/02/2…").
tiles = st.container(horizontal=True, wrap=True)
tiles.metric("Ngày thành lập", date_short(model["established_on"].date()), border=True,
             width="content")
tiles.metric("Số thành viên", number(model["members"]), border=True, width="content")
tiles.metric("Tình trạng", md(model["status"]), border=True, width="content",
             help=None if model["active"] else
             f"Kết thúc ngày {date_short(model['ended_on'].date())}.")
tiles.metric("Buổi tuyên truyền", number(model["outreach_sessions"]), border=True,
             width="content", help="Từ khi thành lập đến ngày cuối kỳ.")

# A report period (NĐ 09/2019: 15/09–14/10) charts by its report months, not by the calendar
# months it straddles.
kind = view.filters.period_kind
monthly = query("model_activity_by_month", model_id=model_id, date_from=p["date_from"],
                date_to=p["date_to"], report_months=kind in REPORT_KINDS)
# the days counted, as every page says them (ended at the data date), without a second pair of
# brackets: “năm 2026 (01/01/2026 – 31/10/2026, số liệu tính đến 31/10/2026)”
st.markdown("**Hoạt động của mô hình theo tháng**, "
            + md(view_text.period_text(view.filters, view.latest)))
if table_frames.has_rows(monthly, "outreach_sessions", "patrols", "commitments", "mediations"):
    # one model's chart: keyed by the model too (antt.ui.data.figure)
    st.plotly_chart(figure(("model_monthly", model_id, view.filters), lambda: charts.monthly_bars(
        monthly["month"], [
            ("Buổi tuyên truyền", monthly["outreach_sessions"]),
            ("Cuộc tuần tra", monthly["patrols"]),
            ("Lượt ký cam kết", monthly["commitments"]), ("Vụ hòa giải", monthly["mediations"])],
        period=(month_of(p["date_from"], kind), month_of(p["date_to"], kind)))),
        key="model_monthly", config=charts.CONFIG)
else:
    st.info("Mô hình không có hoạt động nào được ghi nhận trong kỳ đã chọn.")

ba = query("model_village_incidents_before_after", model_id=model_id, **p)
before, after = table_frames.before_after_totals(ba)
st.markdown(f"**Vụ việc về ANTT ở {md(model['village_name'])}**: "
            + table_frames.before_after_text(before, after, len(ba)))
if before or after:
    st.plotly_chart(charts.before_after_bars(["Vụ việc"], [before], [after]), key="model_ba",
                    config=charts.CONFIG)
