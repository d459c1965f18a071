<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>CityHealthPlugin</name>
    <message>
        <location filename="../plugin.py" line="40"/>
        <source>City health check</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CityHealthProvider</name>
    <message>
        <location filename="../processing/provider.py" line="42"/>
        <source>City health check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="45"/>
        <source>City health check (urban renewal survey, ledger and assessment)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Groups</name>
    <message>
        <location filename="../processing/base.py" line="22"/>
        <source>Demo and data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="23"/>
        <source>Address library and reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="24"/>
        <source>Spatial ledger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="25"/>
        <source>Assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="26"/>
        <source>Spatial analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="27"/>
        <source>Closed loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="28"/>
        <source>Renewal planning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="29"/>
        <source>Maps and atlases</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
