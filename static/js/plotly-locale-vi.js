// Vietnamese for plotly.js: month and day names (axis ticks, hover dates) and the toolbar's
// strings. plotly.js ships no Vietnamese dictionary; charts ask for it with config.locale "vi"
// (tracking/charts.py). Loaded after plotly.min.js and before charts.js (all `defer`).
(function () {
  "use strict";
  if (!window.Plotly) return;
  window.Plotly.register({
    moduleType: "locale",
    name: "vi",
    dictionary: {
      "Autoscale": "Tự co giãn",
      "Box Select": "Chọn vùng chữ nhật",
      "Click to enter Colorscale title": "Bấm để nhập tên thang màu",
      "Click to enter Plot title": "Bấm để nhập tên biểu đồ",
      "Click to enter Plot subtitle": "Bấm để nhập phụ đề",
      "Click to enter X axis title": "Bấm để nhập tên trục X",
      "Click to enter Y axis title": "Bấm để nhập tên trục Y",
      "Compare data on hover": "So sánh số liệu khi rê chuột",
      "Double-click on legend to isolate one trace": "Bấm đúp vào chú thích để chỉ xem một đường",
      "Double-click to zoom back out": "Bấm đúp để thu nhỏ lại",
      "Download plot": "Tải biểu đồ",
      "Download plot as a PNG": "Tải biểu đồ (ảnh PNG)",
      "Download plot as a png": "Tải biểu đồ (ảnh PNG)",
      "Download plot as JSON": "Tải biểu đồ (JSON)",
      "Draw circle": "Vẽ hình tròn",
      "Draw closed freeform": "Vẽ hình khép kín",
      "Draw line": "Vẽ đường thẳng",
      "Draw open freeform": "Vẽ đường tự do",
      "Draw rectangle": "Vẽ hình chữ nhật",
      "Erase active shape": "Xóa hình đang chọn",
      "Image download succeeded": "Đã tải ảnh",
      "JSON download succeeded": "Đã tải JSON",
      "Lasso Select": "Chọn vùng tự do",
      "Orbital rotation": "Xoay quanh tâm",
      "Pan": "Kéo",
      "Preparing image - this may take a few seconds": "Đang tạo ảnh, xin chờ vài giây",
      "Produced with Plotly.js": "Vẽ bằng Plotly.js",
      "Reset": "Đặt lại",
      "Reset axes": "Đặt lại các trục",
      "Reset camera to default": "Đặt lại góc nhìn mặc định",
      "Reset camera to last save": "Đặt lại góc nhìn đã lưu",
      "Reset view": "Đặt lại khung nhìn",
      "Reset views": "Đặt lại các khung nhìn",
      "Share chart...": "Chia sẻ biểu đồ...",
      "Show closest data on hover": "Hiện số liệu gần nhất khi rê chuột",
      "Snapshot succeeded": "Đã chụp ảnh",
      "Sorry, there was a problem downloading your image!": "Không tải được ảnh, xin thử lại.",
      "Sorry, there was a problem downloading your JSON file!": "Không tải được tệp JSON, xin thử lại.",
      "Taking snapshot - this may take a few seconds": "Đang chụp ảnh, xin chờ vài giây",
      "Toggle Spike Lines": "Bật/tắt đường gióng",
      "Toggle show closest data on hover": "Bật/tắt hiện số liệu gần nhất khi rê chuột",
      "Turntable rotation": "Xoay tròn",
      "Zoom": "Phóng to vùng chọn",
      "Zoom in": "Phóng to",
      "Zoom out": "Thu nhỏ",
      "close:": "đóng:",
      "high:": "cao:",
      "low:": "thấp:",
      "open:": "mở:",
      "trace": "đường",
      "min:": "nhỏ nhất:",
      "max:": "lớn nhất:",
      "mean:": "trung bình:",
      "median:": "trung vị:"
    },
    format: {
      days: ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
      shortDays: ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
      months: [
        "Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6",
        "Tháng 7", "Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"
      ],
      shortMonths: [
        "Th1", "Th2", "Th3", "Th4", "Th5", "Th6", "Th7", "Th8", "Th9", "Th10", "Th11", "Th12"
      ],
      date: "%d/%m/%Y",
      decimal: ",",
      thousands: "."
    }
  });
})();
