"""Chinese for the hire figures of the live dashboard (read by `python3 scripts/i18n.py update`).

录用 counts hires (someone hired twice counts twice); 人 counts people once each.
"""

ZH_HIRES = {
    # pages/dashboard.py
    "Hires and vacancies": "录用与岗位",
    "No hires or vacancies yet for these filters. Figures appear here as recruiters record them.":
        "当前筛选条件下还没有录用或岗位。招聘单位录入后，数据会显示在这里。",
    # components/charts.py
    "Hired today": "今日录用",
    "Hires recorded today (China time). Someone hired twice counts twice.":
        "今天（北京时间）录入的录用人次，同一人被录用两次计两次。",
    "Hired in the chosen dates": "所选日期内录用",
    "Hired in total": "累计录用",
    "Hires recorded by recruiters. Someone hired twice counts twice.":
        "招聘单位录入的录用人次，同一人被录用两次计两次。",
    "Hires from poor households": "录用中贫困户占比",
    "Share of the hires whose household is a registered poor household.": "录用人员中建档立卡贫困户所占比例。",
    "{n} hires": "{n} 人次",
    "Positions filled": "岗位填补率",
    "Hires into the vacancies posted, against the people they asked for.": "已发布岗位的录用人数占招聘人数的比例。",
    "{hired} hired for {positions} positions in {vacancies} vacancies; {filled} vacancies full":
        "{vacancies} 个岗位共招 {positions} 人，已录用 {hired} 人；{filled} 个岗位已招满",
    "Other employers ({n})": "其他企业（{n} 家）",
    "Employer": "企业",
    "Number hired": "录用人次",
    "Hires by employer": "各企业录用人次",
    "The 15 employers with most hires, then the others together.": "录用最多的 15 家企业，其余企业合并显示。",
    "Destination province": "务工省份",
    "Hires by destination province": "录用人员去向（省份）",
    "Trade": "工种",
    "Hires by trade": "各工种录用人次",
    "Positions posted": "招聘人数",
    "Hired into them": "已录用",
    "Vacancies posted": "岗位数",
    "Vacancies full": "已招满岗位数",
    "Figure": "类别",
    "Positions posted and filled": "岗位发布与填补",
    "The 15 employers with most positions, then the others together. Vacancies are those posted at the chosen "
    "fair and dates; a township or registration point does not narrow them.":
        "招聘人数最多的 15 家企业，其余企业合并显示。岗位按所选招聘会和日期统计，不按乡镇或登记点筛选。",
}
