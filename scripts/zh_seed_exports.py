"""Chinese for the exports page and files; `python scripts/i18n.py update` merges them."""

ZH_EXPORTS = {
    # column headers and labels in the files
    "Ticket code": "二维码编号",
    "Gender": "性别",
    "Age": "年龄",
    "Employment intention": "求职意向",
    "Expected monthly wage (yuan)": "期望月工资（元）",
    "Willing to train": "愿意参加培训",
    "Registered poor household": "建档立卡贫困户",
    "Can leave home to work": "能否外出务工",
    "Registered at": "登记时间",
    "Registered through": "登记来源",
    "No (care duties)": "否（照顾家庭）",
    "No (health)": "否（身体原因）",
    "No (other reasons)": "否（其他原因）",
    "Directly (no fair or site)": "直接登记（非招聘会或登记点）",
    "Imported": "批量导入",
    "Job seekers": "求职人员",
    # the page
    "Exports": "数据导出",
    "Registered job seekers as a spreadsheet. ID numbers and mobile numbers are masked unless you ask for "
    "the full numbers below.":
        "把已登记的求职人员导出为表格。身份证号和手机号默认部分隐藏；需要完整号码的，请使用下方的完整导出。",
    "All fairs and sites": "全部招聘会和登记点",
    "Fair: {name}": "招聘会：{name}",
    "Site: {name}": "登记点：{name}",
    "Fair or registration site": "招聘会或登记点",
    "Township where the job seeker lives": "求职人员所在乡镇",
    "All townships": "全部乡镇",
    "Check-in date (any registration or re-registration)": "签到日期（任何一次登记或再次登记）",
    "Date of first registration": "首次登记日期",
    "Date range applies to": "日期范围依据",
    "From (China date)": "开始日期（北京时间）",
    "To (China date, included)": "结束日期（北京时间，含当天）",
    "CSV (UTF-8, opens in Excel and WPS)": "CSV（UTF-8，可用 Excel、WPS 打开）",
    "Excel (.xlsx)": "Excel（.xlsx）",
    "File format": "文件格式",
    "The start date is after the end date.": "开始日期晚于结束日期。",
    "Job seekers matching these filters": "符合条件的求职人员",
    "No job seekers match these filters. A file would contain only the column headers.":
        "没有符合这些条件的求职人员。导出的文件将只有表头。",
    "Preparing the file…": "正在生成文件……",
    "{done} of {total} rows": "已完成 {done} / {total} 行",
    "The file could not be produced (nothing was recorded). Please try again.":
        "文件生成失败（未作任何记录），请重试。",
    "The file is ready: {rows} rows.": "文件已生成：共 {rows} 行。",
    "The file holds only the column headers: no job seeker matches these filters.":
        "文件只有表头：没有符合这些条件的求职人员。",
    "Download {name}": "下载 {name}",
    "Masked export": "隐藏部分号码的导出",
    "ID numbers show only their first 6 and last 4 characters, mobile numbers their first 3 and last 4.":
        "身份证号只显示前6位和后4位，手机号只显示前3位和后4位。",
    "Prepare file": "生成文件",
    "Export with full ID numbers": "含完整身份证号的导出",
    "This file contains full ID numbers and mobile numbers: personal data protected by law. Keep it on a "
    "bureau computer, do not send it by chat or e-mail, and delete it when the work is done. Every export is "
    "recorded with your user name, the filters and the number of rows.":
        "此文件包含完整的身份证号和手机号，属于受法律保护的个人信息。请只保存在局里的电脑上，不要通过微信、QQ或"
        "电子邮件发送，用完后及时删除。每次导出都会记录您的用户名、筛选条件和行数。",
    "Excel shows an 18-digit ID number in a CSV file as a rounded number such as 5.30627E+17. Choose Excel "
    "(.xlsx) to keep ID numbers as text.":
        "用 Excel 打开 CSV 文件时，18位身份证号会显示成 5.30627E+17 这样的数字，后几位会丢失。"
        "请选择 Excel（.xlsx）格式，身份证号会按文本保存。",
    "I understand that this file contains personal data, and I need the full numbers for official work.":
        "我了解此文件包含个人信息，并且因工作需要完整号码。",
    "Prepare file with full ID numbers": "生成含完整身份证号的文件",
}
