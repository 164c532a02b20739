"""Hoạt động: outreach, patrols, commitments, mediations; by kind, month, place; the rows."""

import streamlit as st

from antt.indicators import charts, table_frames
from antt.ui import sections
from antt.ui.data import figure, query
from antt.ui.state import current_view

view = current_view()
st.title("Hoạt động")
months = query("activities_by_month", **view.params)
outreach, patrols, commitments, mediations = st.tabs(
    [":material/campaign: Tuyên truyền", ":material/directions_walk: Tuần tra",
     ":material/draw: Ký cam kết", ":material/handshake: Hòa giải"])

with outreach:
    sections.breakdown(view, query("outreach_by_topic", **view.params), "topic_label",
                       ["sessions", "attendees"], "Theo nội dung", "outreach_topic")
    sections.breakdown(view, query("outreach_by_format", **view.params), "format_label",
                       ["sessions", "attendees"], "Theo hình thức", "outreach_format")
    sections.by_month(view, months, "outreach_sessions", "outreach_attendees", "tuyen-truyen")
    sections.by_place(view, ["outreach_sessions", "outreach_attendees"], "tuyen-truyen")
    sections.records(view, "outreach", "tuyen-truyen")

with patrols:
    sections.breakdown(view, query("patrols_by_occasion", **view.params), "occasion_label",
                       ["patrols", "participants"], "Theo dịp", "patrols_occasion")
    sections.by_month(view, months, "patrols", "patrol_participants", "tuan-tra")
    sections.by_place(view, ["patrols", "patrol_participants"], "tuan-tra")
    sections.records(view, "patrols", "tuan-tra")

with commitments:
    sections.breakdown(view, query("commitments_by_type", **view.params),
                       "commitment_type_label",
                       ["households", "commitments", "household_share"], "Theo loại cam kết",
                       "commitments_type")
    sections.by_month(view, months, "commitment_households", None, "cam-ket")
    sections.by_place(view, ["commitment_households", "commitments"], "cam-ket")
    sections.records(view, "commitments", "cam-ket")

with mediations:
    by_outcome = query("mediations_by_outcome", **view.params)
    per_type = table_frames.mediation_outcomes(by_outcome)
    st.markdown("**Theo loại mâu thuẫn và kết quả**")
    if per_type.empty:
        st.info(table_frames.EMPTY_MESSAGE)
    else:
        st.plotly_chart(figure(("mediation_chart", view.filters), lambda: charts.category_bars(
            per_type["dispute_type_label"],
            [("Thành", per_type["mediations_successful"]),
             ("Không thành", per_type["mediations"] - per_type["mediations_successful"])],
            stacked=True)), key="mediation_chart", config=charts.CONFIG)
        sections.table(view, per_type, ["dispute_type_label", "mediations",
                                        "mediations_successful", "success_rate"],
                       "Hòa giải theo loại", "mediations_type",
                       total_values=table_frames.success_total(per_type))
    sections.by_month(view, months, "mediations", "mediations_successful", "hoa-giai")
    sections.by_place(view, ["mediations", "mediations_successful"], "hoa-giai")
    sections.records(view, "mediations", "hoa-giai")
