<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>CityHealthPlugin</name>
    <message>
        <location filename="../plugin.py" line="40" />
        <source>City health check</source>
        <translation>城市体检</translation>
    </message>
</context>
<context>
    <name>CityHealthProvider</name>
    <message>
        <location filename="../processing/provider.py" line="42" />
        <source>City health check</source>
        <translation>城市体检</translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="45" />
        <source>City health check (urban renewal survey, ledger and assessment)</source>
        <translation>城市体检（城市更新调查、台账与评估）</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <location filename="../core/feedback.py" line="19" />
        <source>Cancelled by the user.</source>
        <translation>用户已取消。</translation>
    </message>
</context>
<context>
    <name>Groups</name>
    <message>
        <location filename="../processing/base.py" line="22" />
        <source>Demo and data</source>
        <translation>示例与数据</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="23" />
        <source>Address library and reports</source>
        <translation>地址库与上报</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="24" />
        <source>Spatial ledger</source>
        <translation>空间台账</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="25" />
        <source>Assessment</source>
        <translation>体检评估</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="26" />
        <source>Spatial analysis</source>
        <translation>空间分析</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="27" />
        <source>Closed loop</source>
        <translation>治理闭环</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="28" />
        <source>Renewal planning</source>
        <translation>更新规划</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="29" />
        <source>Maps and atlases</source>
        <translation>制图与图集</translation>
    </message>
</context>
</TS>