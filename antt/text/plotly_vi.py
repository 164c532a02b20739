"""Plotly's own strings in Vietnamese: the locale dictionary and number/date formats passed in
every chart's config (`config["locales"]`), so nothing is fetched (plotly.js's locale files
live on a CDN) and no frontend file is patched. Keys are plotly.js's English strings, exactly
as the bundle Streamlit ships uses them."""

from __future__ import annotations

DICTIONARY = {
    "Autoscale": "Tự căn tỷ lệ",
    "Box Select": "Chọn bằng khung",
    "Cancel": "Hủy",
    "Compare data on hover": "So sánh số liệu khi di chuột",
    "Double-click on legend to isolate one trace": "Bấm đúp vào chú giải để chỉ xem một dãy",
    "Double-click to zoom back out": "Bấm đúp để thu nhỏ lại",
    "Download plot": "Tải biểu đồ",
    "Download plot as JSON": "Tải biểu đồ (JSON)",
    "Download plot as a PNG": "Tải biểu đồ (ảnh PNG)",
    "Image download succeeded": "Đã tải ảnh xong",
    "JSON download succeeded": "Đã tải JSON xong",
    "Lasso Select": "Chọn tự do",
    "Pan": "Kéo",
    "Preparing image - this may take a few seconds": "Đang tạo ảnh, xin chờ vài giây",
    "Produced with Plotly.js": "Vẽ bằng Plotly.js",
    "Reset": "Đặt lại",
    "Reset axes": "Đặt lại trục",
    "Reset view": "Đặt lại khung nhìn",
    "Reset views": "Đặt lại khung nhìn",
    "Show closest data on hover": "Hiện số liệu gần nhất khi di chuột",
    "Sorry, there was a problem downloading your JSON file!": "Không tải được tệp JSON.",
    "Sorry, there was a problem downloading your image!": "Không tải được ảnh.",
    "Toggle Spike Lines": "Bật/tắt đường gióng",
    "Toggle show closest data on hover": "Bật/tắt hiện số liệu gần nhất",
    "Zoom": "Phóng to vùng chọn",
    "Zoom in": "Phóng to",
    "Zoom out": "Thu nhỏ",
}

FORMAT = {
    "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
    "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
    "months": [f"Tháng {m}" for m in range(1, 13)],
    "shortMonths": [f"Th{m}" for m in range(1, 13)],
    "date": "%d/%m/%Y",
    "decimal": ",",
    "thousands": ".",
}

LOCALE = {"dictionary": DICTIONARY, "format": FORMAT}
