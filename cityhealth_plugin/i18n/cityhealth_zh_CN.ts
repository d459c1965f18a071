<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AddressLibraryAlgorithm</name>
    <message>
        <location filename="../processing/base.py" line="65"/>
        <source>{layer}: there is no field «{field}». Fields: {fields}</source>
        <translation>{layer}：没有字段“{field}”。现有字段：{fields}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="80"/>
        <source>Build standard address library</source>
        <translation>构建标准地址库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="83"/>
        <source>Builds the standard address library from a building layer: one canonical key per building (compound|building) and per unit (compound|building|unit), with compound names and building numbers normalised (full width, brackets, spaces, Chinese numerals, 3号楼 / 3# / 第3栋 …).

Writes one GeoPackage with the layers library_buildings (footprints with their key), library_units (one row per unit), library_aliases (every other spelling accepted for a compound: generated, phase, short and manual) and library_conflicts (two buildings with the same key, buildings outside any compound, compound names that collide after normalisation).

Optional compound polygons give the compound to buildings without one, their aliases (separated by |) and the check that buildings lie inside a compound; optional grid polygons give the grid to buildings without one. An existing alias table keeps the spellings planners accepted (kind manual).</source>
        <translation>从楼栋图层构建标准地址库：每个楼栋一个规范键（小区|楼栋），每个单元一个规范键（小区|楼栋|单元），并对小区名称和楼号进行规范化（全角、括号、空格、中文数字、3号楼 / 3# / 第3栋 …）。

输出一个 GeoPackage，包含以下图层：library_buildings（带键的楼栋轮廓）、library_units（每个单元一行）、library_aliases（小区可接受的所有其他写法：自动生成、分期、简称和手工添加）以及 library_conflicts（键相同的两个楼栋、不在任何小区内的楼栋、规范化后重名的小区名称）。

可选的小区面图层用于：为缺少小区的楼栋补充所属小区、提供小区别名（以 | 分隔），并检查楼栋是否位于小区内；可选的网格面图层用于为缺少网格的楼栋补充所属网格。已有的别名表会保留规划人员认可的写法（类型为 manual）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="175"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="197"/>
        <source>Compound polygons</source>
        <translation>小区面</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="102"/>
        <source>Compound polygon name field</source>
        <translation>小区面名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="105"/>
        <source>Compound polygon aliases field (| separated)</source>
        <translation>小区面别名字段（以 | 分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="235"/>
        <source>Grid polygons</source>
        <translation>网格面</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="110"/>
        <source>Grid polygon name field</source>
        <translation>网格面名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="112"/>
        <source>Existing alias table (keeps manual spellings)</source>
        <translation>已有别名表（保留手工添加的写法）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="115"/>
        <source>Address library GeoPackage</source>
        <translation>地址库 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="115"/>
        <source>GeoPackage (*.gpkg *.GPKG)</source>
        <translation>GeoPackage 文件 (*.gpkg *.GPKG)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="178"/>
        <source>No output GeoPackage given.</source>
        <translation>未指定输出 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="186"/>
        <source>Reading buildings …</source>
        <translation>正在读取楼栋 …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="190"/>
        <source>The building layer has no features.</source>
        <translation>楼栋图层中没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="201"/>
        <source>Choose the name field of the compound polygons.</source>
        <translation>请选择小区面的名称字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="227"/>
        <source>{} buildings took their compound from the compound polygons.</source>
        <translation>{} 个楼栋从小区面获取了所属小区。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="237"/>
        <source>Choose the name field of the grid polygons.</source>
        <translation>请选择网格面的名称字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="251"/>
        <source>The alias table needs the fields alias, compound and kind; it has: {}</source>
        <translation>别名表需要 alias、compound 和 kind 字段；现有字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="256"/>
        <source>Building keys, aliases and conflicts …</source>
        <translation>正在生成楼栋键、别名和冲突 …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="293"/>
        <source>{} buildings in {} compounds, {} units, {} aliases, {} conflicts ({} duplicate keys, {} outside any compound, {} name collisions).</source>
        <translation>楼栋 {} 个，分布于 {} 个小区；单元 {} 个，别名 {} 个，冲突 {} 个（键重复 {} 个，不在任何小区内 {} 个，名称冲突 {} 个）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="307"/>
        <source>… and {} more conflicts in library_conflicts.</source>
        <translation>… 另有 {} 个冲突，见 library_conflicts。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="128"/>
        <source>Library buildings</source>
        <translation>地址库楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="129"/>
        <source>Library units</source>
        <translation>地址库单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="130"/>
        <source>Alias table</source>
        <translation>别名表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="131"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="163"/>
        <source>Could not write the address library {0} ({1}). The previous file is unchanged. Check that the folder is writable, the disk is not full and the GeoPackage is not open in another program, then run again.</source>
        <translation>无法写入标准地址库 {0}（{1}）。原文件保持不变。请检查文件夹是否可写、磁盘是否已满、GeoPackage 是否在其他程序中打开，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="183"/>
        <source>The building layer has no coordinate reference system: set one.</source>
        <translation>楼栋图层没有坐标参考系：请设置。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="230"/>
        <source>{} buildings lie in compound polygons without a name: listed as unnamed_compound in library_conflicts.</source>
        <translation>{} 栋楼位于没有名称的小区面内：已在 library_conflicts 中列为 unnamed_compound。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="299"/>
        <source>{} buildings in unnamed compound polygons, {} keys shared by buildings without a compound, {} buildings without geometry (written without a footprint).</source>
        <translation>{} 栋楼位于无名称的小区面内，{} 个编码被多栋无小区的楼共用，{} 栋楼没有几何（写出时没有轮廓）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="117"/>
        <source>Compounds</source>
        <translation>小区数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="117"/>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="117"/>
        <source>Aliases</source>
        <translation>别名数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="117"/>
        <source>Duplicate keys</source>
        <translation>重复键</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="117"/>
        <source>Buildings outside any compound</source>
        <translation>不在任何小区内的楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="117"/>
        <source>Compound name collisions</source>
        <translation>小区名称冲突</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="117"/>
        <source>Buildings in unnamed compound polygons</source>
        <translation>位于未命名小区面内的楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="117"/>
        <source>Keys shared by buildings without a compound</source>
        <translation>无小区楼栋共用的键</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="117"/>
        <source>Buildings without geometry</source>
        <translation>无几何的楼栋</translation>
    </message>
</context>
<context>
    <name>AssessAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/assess.py" line="70"/>
        <source>Assess indicators</source>
        <translation>指标体检评估</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="73"/>
        <source>Computes the city health indicators for every unit of one level (building, compound, community, block or district) and round of the ledger, compares each with its standard value and raises yellow / red warnings, and gives each unit a score (0–100), a grade (较差/一般/较好/很好) and its short boards (the indicators where it is worst relative to the other units).

Indicators, standard values, bands, weights and parameters come from the configuration: CONFIG if given, else the one saved in the project with Plugins → 城市体检 → Indicator configuration…, else the national 2024 basic set. Housing indicators count distinct buildings with problems (ledger problems); facilities, parks and roads give the service-radius, lacking-facility, walkway and density indicators; COMPOUNDS gives attributes such as has_property; STATS (CSV/XLSX: unit_id, indicator_code, value) gives departments' figures. A value that cannot be computed is NULL with its reason in the notes field and the log.

Output: layer assessment_&lt;level&gt; in the GeoPackage (rows of other rounds and other layers are kept; written atomically) and the Excel report (one sheet per level plus a summary).</source>
        <translation>按台账的某一层级（楼栋、小区、社区、街区或区）和某一轮次，为每个单元计算城市体检指标，逐项与标准值比较并给出黄色/红色预警，再为每个单元给出得分（0–100）、等级（较差/一般/较好/很好）和短板（与同级其他单元相比最差的指标）。

指标、标准值、预警区间、权重和参数来自指标配置：给出 CONFIG 时用它，否则用“插件 → 城市体检 → 指标配置…”保存在工程中的配置，否则用国家 2024 年基础指标体系。住房类指标统计有问题的楼栋数（按台账问题，同一楼栋只计一次）；设施、公园、道路图层用于服务半径覆盖、未达标配建、步行道和密度类指标；小区图层提供 has_property 等属性；统计表 STATS（CSV/XLSX：unit_id、indicator_code、value）提供部门填报的数值。无法计算的数值为空（NULL），原因写入 notes 字段和日志。

输出：GeoPackage 中的 assessment_&lt;层级&gt; 图层（保留其他轮次的行和其他图层，原子写入）以及 Excel 报告（每个层级一个工作表，另有汇总表）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="89"/>
        <source>Ledger GeoPackage (output of Build spatial ledger)</source>
        <translation>体检台账 GeoPackage（“生成空间台账”的输出）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="92"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="92"/>
        <source>building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="92"/>
        <source>compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="92"/>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="92"/>
        <source>block</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="92"/>
        <source>district</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="95"/>
        <source>Round (year; 0 = the latest in the ledger)</source>
        <translation>轮次（年份；0 = 台账中最新的一轮）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="98"/>
        <source>Indicator configuration (JSON; empty = the project&apos;s, else the national set)</source>
        <translation>指标配置（JSON；留空 = 工程中的配置，否则用国家基础指标体系）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="101"/>
        <source>Facilities</source>
        <translation>公共服务设施</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="101"/>
        <source>Parks</source>
        <translation>公园</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="101"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="101"/>
        <source>Compounds (attributes such as has_property)</source>
        <translation>小区（has_property 等属性）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="101"/>
        <source>Buildings (attributes)</source>
        <translation>楼栋（属性）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="111"/>
        <source>Statistics table (CSV/XLSX: unit_id, indicator_code, value)</source>
        <translation>部门统计表（CSV/XLSX：unit_id、indicator_code、value）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="111"/>
        <source>Tables (*.csv *.xlsx)</source>
        <translation>表格 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="114"/>
        <source>Assessment GeoPackage</source>
        <translation>体检评估 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="114"/>
        <source>GeoPackage (*.gpkg *.GPKG)</source>
        <translation>GeoPackage (*.gpkg *.GPKG)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="116"/>
        <source>Assessment report</source>
        <translation>体检评估报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="116"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="118"/>
        <source>Units assessed</source>
        <translation>评估单元数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="119"/>
        <source>Round assessed</source>
        <translation>评估轮次</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="120"/>
        <source>Assessment layer (URI)</source>
        <translation>评估图层（URI）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="125"/>
        <source>{0}: the ledger has no layer {1}; build it with Build spatial ledger.</source>
        <translation>{0}：台账中没有图层 {1}，请先用“生成空间台账”生成。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="129"/>
        <source>{0}: cannot open layer {1}.</source>
        <translation>{0}：无法打开图层 {1}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="155"/>
        <source>Indicator configuration: {0}</source>
        <translation>指标配置：{0}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="176"/>
        <source>Indicator {0} needs field «{1}» of the {2} layer, which has no such field (fields: {3}).</source>
        <translation>指标 {0} 需要 {2} 图层的字段“{1}”，但该图层没有此字段（现有字段：{3}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="199"/>
        <source>Reading the ledger</source>
        <translation>读取台账</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="204"/>
        <source>Round {0} is not in the ledger {1} (rounds: {2}).</source>
        <translation>台账 {1} 中没有第 {0} 轮（现有轮次：{2}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="206"/>
        <source>Assessing {0} units of round {1}</source>
        <translation>评估第 {1} 轮的{0}单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="278"/>
        <source>{0} units, {1} buildings, {2} compounds, {3} problems in round {4}</source>
        <translation>第 {4} 轮：{0} 个单元、{1} 栋楼、{2} 个小区、{3} 条问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="285"/>
        <source>Spatial relations</source>
        <translation>空间关系计算</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="288"/>
        <source>Indicators</source>
        <translation>指标计算</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="303"/>
        <source>{0}: NULL for {1} of {2} units: {3}</source>
        <translation>{0}：{2} 个单元中有 {1} 个无法计算：{3}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="307"/>
        <source>Writing</source>
        <translation>写出结果</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="336"/>
        <source>Assessment</source>
        <translation>体检评估</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="385"/>
        <source>Could not save the style of {0}: {1}</source>
        <translation>无法保存 {0} 的样式：{1}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/assess.py" line="281"/>
        <source>Problems reported by residents (problems_citizen) in these units: {0}.</source>
        <translation>这些单元中市民反映的问题（problems_citizen）：{0} 条。</translation>
    </message>
</context>
<context>
    <name>AtlasAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="50"/>
        <source>Atlas of blocks, compounds or communities (PDF)</source>
        <translation>街区 / 小区 / 社区体检图集（PDF）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="53"/>
        <source>Prints the atlas of one round of the spatial ledger: a cover page, a contents page listing every unit with its page, then one page per unit with its name and place, the main map (buildings by number of problems, problem points by category, the unit outline), a locator map, legend, scale bar, north arrow, the indicator table (red / yellow warnings when an assessment is given), a chart of problems by category, photos of the most severe problems and the problem list. Phone and ID numbers never appear.
FILTER is a QGIS expression on the ledger layer of the level (plus the assessment&apos;s fields, and red_warnings / yellow_warnings, district, street, community), e.g. &quot;red_warnings&quot; &gt; 0. SORT is a comma-separated list of keys (district, street, community, name or a ledger field; a leading - sorts descending). TEMPLATE is a3_landscape, a4_portrait or the path of your own .qpt with the same item ids. Photos are read relative to the ledger&apos;s folder, so the ledger and its photo library can be moved together. The PDF is written only when every page is done: cancelling leaves no partial file.</source>
        <translation>打印空间化体检台账某一轮的图集：封面、列出每个单元及其页码的目录页，然后每个单元一页：单元名称与所在区 / 街道 / 社区、主图（楼栋按问题数着色、问题点按类别、单元边界）、区位图、图例、比例尺、指北针、指标表（提供评估结果时显示红色 / 黄色预警）、问题类别统计图、最严重问题的照片和问题清单。电话和身份证号从不出现。
FILTER 是作用于该层级台账图层的 QGIS 表达式（另可使用评估结果的字段以及 red_warnings / yellow_warnings、district、street、community），例如 &quot;red_warnings&quot; &gt; 0。SORT 是逗号分隔的排序键（district、street、community、name 或台账字段；前加 - 表示降序）。TEMPLATE 为 a3_landscape、a4_portrait 或自定义 .qpt 的路径（图元 ID 相同）。照片按相对台账所在文件夹的路径读取，因此台账和照片库可以一起移动。只有所有页面完成后才写出 PDF：取消时不会留下不完整的文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="74"/>
        <source>Spatial ledger (GeoPackage)</source>
        <translation>空间化体检台账（GeoPackage）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="79"/>
        <source>Assessment (GeoPackage of cityhealth:assess)</source>
        <translation>体检评估结果（cityhealth:assess 的 GeoPackage）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="87"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="87"/>
        <source>Block</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="87"/>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="87"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="95"/>
        <source>Round (year; 0 = latest in the ledger)</source>
        <translation>轮次（年份；0 = 台账中最新一轮）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="100"/>
        <source>Filter (expression)</source>
        <translation>筛选（表达式）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="105"/>
        <source>Sort by</source>
        <translation>排序</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="110"/>
        <source>Split into</source>
        <translation>拆分方式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="110"/>
        <source>One PDF</source>
        <translation>一个 PDF</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="110"/>
        <source>One PDF per district</source>
        <translation>每个区一个 PDF</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="110"/>
        <source>One PDF per unit</source>
        <translation>每个单元一个 PDF</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="118"/>
        <source>Layout template (a3_landscape, a4_portrait or the path of a .qpt)</source>
        <translation>版式模板（a3_landscape、a4_portrait 或自定义 .qpt 的路径）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="126"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="126"/>
        <source>Screen (150 dpi, compressed photos)</source>
        <translation>屏幕（150 dpi，照片压缩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="126"/>
        <source>Print (300 dpi, lossless)</source>
        <translation>印刷（300 dpi，无损）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="134"/>
        <source>At most this many units (0 = all)</source>
        <translation>最多单元数（0 = 全部）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="139"/>
        <source>Preview of the first unit page (PNG)</source>
        <translation>第一个单元页预览（PNG）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="148"/>
        <source>Atlas PDF</source>
        <translation>图集 PDF</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="151"/>
        <source>PDF files written</source>
        <translation>已写出的 PDF 文件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="152"/>
        <source>Units in the atlas</source>
        <translation>图集中的单元数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="153"/>
        <source>Pages written</source>
        <translation>已写出的页数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="175"/>
        <source>The ledger {path} does not exist.</source>
        <translation>台账 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="188"/>
        <source>The template {path} does not exist.</source>
        <translation>模板 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="258"/>
        <source>No {level} of round {round} passes the filter «{filter}».</source>
        <translation>{round} 轮没有符合筛选条件“{filter}”的{level}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="263"/>
        <source>{n} units in the atlas.</source>
        <translation>图集共 {n} 个单元。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="270"/>
        <source>{n} photos of the ledger are missing in {folder}; they are left out.</source>
        <translation>台账中有 {n} 张照片在 {folder} 中找不到，已略去。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="274"/>
        <source>Block atlas</source>
        <translation>街区图集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="275"/>
        <source>Compound atlas</source>
        <translation>小区图集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="276"/>
        <source>Community atlas</source>
        <translation>社区图集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="287"/>
        <source>The template {path} lacks the items {ids}.</source>
        <translation>模板 {path} 缺少以下图元：{ids}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="293"/>
        <source>No Chinese font found (install fonts-wqy-microhei or fonts-noto-cjk).</source>
        <translation>未找到中文字体（请安装 fonts-wqy-microhei 或 fonts-noto-cjk）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="329"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="330"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="331"/>
        <source>District / street / community</source>
        <translation>区 / 街道 / 社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="332"/>
        <source>Page</source>
        <translation>页码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="341"/>
        <source>{n} units, {p} problems</source>
        <translation>共 {n} 个单元，{p} 条问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="344"/>
        <source>Ledger: {file}</source>
        <translation>台账：{file}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="345"/>
        <source>Printed {date}</source>
        <translation>打印日期：{date}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="347"/>
        <source>City health check atlas</source>
        <translation>城市体检图集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="354"/>
        <source>Could not write {path}: {error}</source>
        <translation>无法写出 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="359"/>
        <source>Wrote {path} ({pages} pages).</source>
        <translation>已写出 {path}（{pages} 页）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="381"/>
        <source>The filter «{filter}» is not a valid expression: {error}</source>
        <translation>筛选条件“{filter}”不是有效的表达式：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="393"/>
        <source>The filter «{filter}» failed: {error}</source>
        <translation>筛选条件“{filter}”计算出错：{error}</translation>
    </message>
</context>
<context>
    <name>AtlasBook</name>
    <message>
        <location filename="../processing/atlas_book.py" line="40"/>
        <source>Red warning</source>
        <translation>红色预警</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="41"/>
        <source>Yellow warning</source>
        <translation>黄色预警</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="42"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="115"/>
        <source>Unit outline</source>
        <translation>单元边界</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="134"/>
        <source>This unit</source>
        <translation>本单元</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="150"/>
        <source>Buildings by number of problems</source>
        <translation>楼栋（按问题数）</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="295"/>
        <source>Problems by category</source>
        <translation>问题（按类别）</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="201"/>
        <source>Problem list</source>
        <translation>问题清单</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="233"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="233"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="233"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="323"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="233"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="270"/>
        <source>Round {round} · {date}</source>
        <translation>{round} 年度体检 · {date}</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="289"/>
        <source>No photos</source>
        <translation>无照片</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="293"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="295"/>
        <source>No problems</source>
        <translation>无问题</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="314"/>
        <source>Score / grade</source>
        <translation>得分 / 等级</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="323"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="323"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="336"/>
        <source>{total} problems; the {shown} most severe are listed.</source>
        <translation>共 {total} 条问题，列出最严重的 {shown} 条。</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="336"/>
        <source>{total} problems.</source>
        <translation>共 {total} 条问题。</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="366"/>
        <source>Round {round}</source>
        <translation>{round} 年度</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="377"/>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="209"/>
        <source>Residents</source>
        <translation>市民</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="209"/>
        <source>Survey</source>
        <translation>排查</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="233"/>
        <source>Reported by</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="345"/>
        <source>{citizen} of them reported by residents.</source>
        <translation>其中市民反映 {citizen} 条。</translation>
    </message>
</context>
<context>
    <name>BlocksFromRoadsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/blocksfromroads.py" line="64"/>
        <source>Blocks from roads</source>
        <translation>由道路生成街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/blocksfromroads.py" line="42"/>
        <source>Blocks (街区) from road centre-lines: the areas enclosed by roads (native:polygonize, which nodes the lines itself), minus each road's corridor (half of WIDTH_FIELD on either side, flat ends; a road without a width cuts nothing), parts smaller than MIN_AREA removed (slivers, counted in the log). Each block gets an id (PREFIX + number, west → east then south → north), the district (optional DISTRICTS) holding most of its area, its area and perimeter. Dangling roads (dead ends) enclose nothing and make no block.</source>
        <translation>由道路中心线生成街区：道路围合的区域（native:polygonize，自动在交点处打断线），减去每条道路的路幅（WIDTH_FIELD 的一半向两侧，平头；无宽度的道路不扣除），小于 MIN_AREA 的部分作为碎片删除（在日志中计数）。每个街区获得编码（PREFIX + 序号，由西向东、由南向北）、其面积大部分所在的区（可选 DISTRICTS）、面积和周长。悬挂的道路（断头路）不围合区域，不生成街区。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/blocksfromroads.py" line="51"/>
        <source>Roads (centre-lines)</source>
        <translation>道路（中心线）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/blocksfromroads.py" line="53"/>
        <source>Road width field (m; optional)</source>
        <translation>道路宽度字段（米；可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/blocksfromroads.py" line="56"/>
        <source>Smallest block area (m²; smaller parts are slivers)</source>
        <translation>最小街区面积（平方米；更小的部分视为碎片）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/blocksfromroads.py" line="110"/>
        <source>Districts</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/blocksfromroads.py" line="61"/>
        <source>District id field</source>
        <translation>区编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/blocksfromroads.py" line="63"/>
        <source>Block id prefix</source>
        <translation>街区编码前缀</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/blocksfromroads.py" line="69"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/blocksfromroads.py" line="104"/>
        <source>{0} faces enclosed by roads: {1} blocks, {2} faces and {3} sliver parts below {4:.0f} m² removed.</source>
        <translation>道路围合区域 {0} 个：生成 {1} 个街区，删除小于 {4:.0f} 平方米的区域 {2} 个、碎片 {3} 个。</translation>
    </message>
</context>
<context>
    <name>BuildLedger</name>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="74"/>
        <source>Build spatial ledger</source>
        <translation>生成空间台账</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="109"/>
        <source>Matched problems (output of Join reports)</source>
        <translation>已匹配的问题（“将上报关联到楼栋”的输出）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="189"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="121"/>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="125"/>
        <source>Round (year; 0 = from the problems&apos; round field)</source>
        <translation>轮次（年份；0 = 取问题的轮次字段）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="129"/>
        <source>GeoPackage (*.gpkg *.GPKG)</source>
        <translation>GeoPackage 文件 (*.gpkg *.GPKG)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="137"/>
        <source>Problems written</source>
        <translation>已写入问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="138"/>
        <source>Photos written</source>
        <translation>已写入照片数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="139"/>
        <source>Geometries repaired</source>
        <translation>已修复几何数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="140"/>
        <source>Round built</source>
        <translation>已生成轮次</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="141"/>
        <source>Layers (URIs, &apos;;&apos;-separated)</source>
        <translation>图层（URI，以 ';' 分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="198"/>
        <source>Building round {0} into {1}</source>
        <translation>正在将轮次 {0} 生成到 {1}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="202"/>
        <source>Reading library layers</source>
        <translation>正在读取地址库图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="224"/>
        <source>Geometries: {0} repaired, {1} with sliver parts removed, {2} empty (kept without geometry).</source>
        <translation>几何：已修复 {0} 个，去除碎片部分 {1} 个，空几何 {2} 个（保留但不含几何）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="216"/>
        <source>No {0} layer given: the {1} layer is not written.</source>
        <translation>未指定 {0} 图层：不写入 {1} 图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="229"/>
        <source>Assigning buildings to compounds, blocks, communities, districts</source>
        <translation>正在将楼栋分配到小区、街区、社区和区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="254"/>
        <source>Reading problems</source>
        <translation>正在读取问题</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="555"/>
        <source>The problems layer holds no problem: the ledger counts zero.</source>
        <translation>问题图层中没有问题：台账计数均为零。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="269"/>
        <source>Rolling up</source>
        <translation>正在逐级汇总</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="284"/>
        <source>{0} problems have no building in the library: they are in the problems layer but counted in no ledger.</source>
        <translation>{0} 个问题的楼栋不在地址库中：这些问题写入了问题图层，但不计入任何台账。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="316"/>
        <source>Wrote {0} problems, {1} photos, round {2}.</source>
        <translation>已写入 {0} 个问题、{1} 张照片，轮次 {2}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="242"/>
        <source>{0} buildings joined to a compound by footprint, {1} to a block by footprint, {2} to a community by footprint.</source>
        <translation>{0} 个楼栋按楼栋轮廓归入小区，{1} 个按楼栋轮廓归入街区，{2} 个按楼栋轮廓归入社区。</translation>
    </message>
    <message>
        <location filename="../processing/ledger_problems.py" line="95"/>
        <source>Problem {0} has no location and no known building: written without geometry.</source>
        <translation>问题 {0} 既没有位置也没有已知楼栋：写入时不含几何。</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="534"/>
        <source>{0} problems of other rounds left out.</source>
        <translation>已排除 {0} 个其他轮次的问题。</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="551"/>
        <source>{0} problems carried another round; they are written as round {1}.</source>
        <translation>{0} 个问题属于其他轮次；已按轮次 {1} 写入。</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="534"/>
        <source>{0} problem codes filled in from the problem text.</source>
        <translation>已根据问题描述补全 {0} 个问题编码。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="77"/>
        <source>Writes one GeoPackage with the matched problems (points), their photos (a table, photos copied into a library folder next to the GeoPackage with relative paths) and ledgers per building, compound, community, block and district: counts per problem category and per housing indicator, open / in progress / resolved, worst severity, households and residents affected and problems per 100 households.

Housing indicators count distinct buildings with at least one reported problem of that kind, whatever its status. The join's decision is kept: a building-level problem stays on its building, a compound-level one on its compound even when its point lies in a footprint; only problems without match_level (a layer made by hand) are located here. Buildings join compounds by attribute, otherwise by the compound holding at least half of the footprint; scattered buildings (散楼) belong to no compound but still roll up to their block. Compounds go to the block holding most of their area and their buildings follow them.

The GeoPackage keeps several rounds: rebuilding a round replaces only that round, and tables of other tools stay. The file and the photos are replaced together at the end, so a cancelled or failed run leaves both untouched. Invalid geometries are repaired, pieces sharing an id are merged, and both are reported.</source>
        <translation>写出一个 GeoPackage，包含已匹配的问题（点）、问题照片（一张表；照片复制到 GeoPackage 旁的照片库文件夹，使用相对路径），以及楼栋、小区、社区、街区和区五级台账：按问题类别和住房指标计数，未整改 / 整改中 / 已整改，最高严重程度，受影响户数和人口，每百户问题数。

住房指标统计至少有一个该类问题的不同楼栋数，不论整改状态。沿用匹配步骤的判定：楼栋级问题留在其楼栋，小区级问题留在其小区，即使其点位落在某栋楼的轮廓内；只有没有 match_level 的问题（手工制作的图层）才在此重新定位。楼栋按属性归属小区，否则归属覆盖其轮廓至少一半的小区；散楼不属于任何小区，但仍汇总到所在街区。小区归属覆盖其面积最大的街区，其楼栋随之归属。

一个 GeoPackage 可保存多个轮次：重建某一轮次只替换该轮次，其他工具的表保持不变。文件和照片在最后一起替换，因此取消或失败的运行不会改动两者。无效几何会被修复，同一编码的多个碎片会被合并，两者都会在日志中报告。</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="534"/>
        <source>{0} problems counted on their compound (compound-level problems).</source>
        <translation>{0} 个问题计入其所在小区（小区级问题）。</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="534"/>
        <source>{0} problems carried no match decision (match_level) and were located here: {1} by their point in a footprint, the others by compound or not at all.</source>
        <translation>{0} 个问题没有匹配判定（match_level），在此重新定位：{1} 个按点位落入楼栋轮廓，其余按小区定位或无法定位。</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="331"/>
        <source>Writing the GeoPackage</source>
        <translation>正在写入 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="346"/>
        <source>Copying photos</source>
        <translation>正在复制照片</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="427"/>
        <source>Photo {0} could not be copied into the photo library ({1}): it was moved or deleted while the ledger was built, is unreadable, or the folder is read-only. Nothing was changed: the previous ledger and its photos are as they were. Check the photo and the folder, then run again.</source>
        <translation>照片 {0} 无法复制到照片库（{1}）：它在生成台账期间被移动或删除、无法读取，或文件夹只读。未做任何改动：原台账及其照片保持原样。请检查照片和文件夹，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="353"/>
        <source>Writing the ledger layers</source>
        <translation>正在写入台账图层</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="365"/>
        <source>Saving default styles</source>
        <translation>正在保存默认样式</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="372"/>
        <source>Could not save the style of {0}: {1}</source>
        <translation>无法保存 {0} 的样式：{1}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="159"/>
        <source>{0} Nothing was changed: the previous ledger and its photos are as they were.</source>
        <translation>{0} 未做任何更改：原有台账及其照片保持原样。</translation>
    </message>
    <message>
        <location filename="../processing/ledger_problems.py" line="102"/>
        <source>Problem {0}: photos {1} not found or outside the report folder; not copied.</source>
        <translation>问题 {0}：照片 {1} 未找到或位于报表文件夹之外，未复制。</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="546"/>
        <source>{0} photos not copied ({1} of them refused: outside the folder of their report or of the problems layer); see photo_missing.</source>
        <translation>{0} 张照片未复制（其中 {1} 张被拒绝：位于其报表或问题图层所在文件夹之外）；见 photo_missing。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="122"/>
        <source>Blocks</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="122"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="122"/>
        <source>Districts</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="94"/>
        <source>Photos are copied from photo_paths as the join resolved them next to its report. For rows without match_level (a layer made by hand) photo_paths, else photo, is resolved by the reports&apos; rule: only files inside the folder of the row&apos;s source_file or of the problems layer; ../, other absolute paths, URLs, drive letters, UNC paths and links pointing out are refused. Photos not copied are listed in photo_missing and counted in the log; file names written are masked like every text.

Residents&apos; complaint points (COMPLAINTS, the complaint points of Residents&apos; voice) become problems with source = citizen, located by the decision of Residents&apos; voice and counted like every problem and in problems_citizen; the problems of PROBLEMS have source = report. Complaints of another round are left out; the log and ledger_runs account for every complaint row.</source>
        <translation>照片按连接工具在报表旁解析出的 photo_paths 复制。对没有 match_level 的记录（手工制作的图层），按报表的同一规则解析 photo_paths（无则用 photo）：只读取该记录 source_file 所在文件夹或问题图层所在文件夹内的文件；../、其他绝对路径、网址、盘符、UNC 路径以及指向外部的链接一律拒绝。未复制的照片列入 photo_missing 并在日志中计数；写出的文件名与其他文本一样做脱敏处理。

居民投诉点（COMPLAINTS，即“居民诉求”算法输出的投诉点）作为问题写入台账，source = citizen（市民反映），按“居民诉求”的定位结果落到楼栋或小区，与其他问题一样计数，并另计入 problems_citizen；PROBLEMS 中的问题 source = report。其他轮次的投诉不计入；日志和 ledger_runs 对每一条投诉行都有交代。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="112"/>
        <source>Residents&apos; complaint points (output of Residents&apos; voice; optional)</source>
        <translation>居民投诉点（“居民诉求”的输出，可选）</translation>
    </message>
    <message>
        <location filename="../processing/ledger_writer.py" line="569"/>
        <source>Complaint rows read: {0} = joined as citizen-reported problems {1} + left out {2} (another round: {3}; no building or compound of the library: {4}, written to the problems layer but counted in no ledger).</source>
        <translation>读取投诉 {0} 条 = 作为市民反映问题入账 {1} 条 + 未计入 {2} 条（其他轮次：{3}；标准地址库中无对应楼栋或小区：{4}，已写入问题图层但不计入任何台账）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="129"/>
        <source>Ledger GeoPackage (or database: postgresql://user@host:port/dbname, pg:&lt;saved connection&gt;; ?schema=cityhealth)</source>
        <translation>台账 GeoPackage（或数据库：postgresql://用户@主机:端口/库名、pg:&lt;已保存连接&gt;；?schema=cityhealth）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="133"/>
        <source>Photo library folder of a database ledger (empty: the folder of the problems layer)</source>
        <translation>数据库台账的照片库文件夹（留空：问题图层所在文件夹）</translation>
    </message>
    <message>
        <location filename="../processing/ledger_db.py" line="74"/>
        <source>Writing the ledger into the database {0}</source>
        <translation>正在将台账写入数据库 {0}</translation>
    </message>
    <message>
        <location filename="../processing/ledger_db.py" line="123"/>
        <source>The ledger goes into a database: set the photo library folder (PHOTO_FOLDER); the problems layer is not a file whose folder could hold it.</source>
        <translation>台账写入数据库：请设置照片库文件夹（PHOTO_FOLDER）；问题图层不是文件，无法在其文件夹中存放照片库。</translation>
    </message>
</context>
<context>
    <name>CityHealthPlugin</name>
    <message>
        <location filename="../plugin.py" line="41"/>
        <source>City health check</source>
        <translation>城市体检</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="42"/>
        <source>Review unmatched reports…</source>
        <translation>核对未匹配上报…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="46"/>
        <source>Indicator configuration…</source>
        <translation>指标配置…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="50"/>
        <source>Export maps…</source>
        <translation>导出地图…</translation>
    </message>
</context>
<context>
    <name>CityHealthProvider</name>
    <message>
        <location filename="../processing/provider.py" line="57"/>
        <source>City health check</source>
        <translation>城市体检</translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="60"/>
        <source>City health check (urban renewal survey, ledger and assessment)</source>
        <translation>城市体检（城市更新调查、台账与评估）</translation>
    </message>
</context>
<context>
    <name>ClosedLoopLedger</name>
    <message>
        <location filename="../processing/closedloop_ledger.py" line="60"/>
        <source>The ledger {0} has no valid table «{1}».</source>
        <translation>台账 {0} 中没有有效的表“{1}”。</translation>
    </message>
    <message>
        <location filename="../processing/closedloop_ledger.py" line="68"/>
        <source>The ledger GeoPackage {0} does not exist.</source>
        <translation>台账 GeoPackage {0} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/closedloop_ledger.py" line="73"/>
        <source>{0} is not a ledger: it has no «problems» table (build it with cityhealth:buildledger).</source>
        <translation>{0} 不是体检台账：没有“problems”表（请用 cityhealth:buildledger 生成）。</translation>
    </message>
    <message>
        <location filename="../processing/closedloop_ledger.py" line="235"/>
        <source>Could not add rows to {0}: {1}</source>
        <translation>无法向 {0} 添加记录：{1}</translation>
    </message>
    <message>
        <location filename="../processing/closedloop_ledger.py" line="259"/>
        <source>Could not delete rows of {0}.</source>
        <translation>无法删除 {0} 中的记录。</translation>
    </message>
    <message>
        <location filename="../processing/closedloop_ledger.py" line="288"/>
        <source>Could not update the status of the problems: {0}</source>
        <translation>无法更新问题的状态：{0}</translation>
    </message>
</context>
<context>
    <name>CompareRoundsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="46"/>
        <source>Compare two rounds (new, persisting, resolved, recurred)</source>
        <translation>两轮对比（新增、持续、已销号、复发）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="49"/>
        <source>Compares the problems of two rounds of the ledger. A problem of ROUND_FROM and one of ROUND_TO are the same problem when they concern the same building (for a compound-level problem: the same compound) and the same catalogue item (problem_code), and their units agree where both give one; they pair one to one (same unit first).

Labels: new (in ROUND_TO only), persisting (in both, and the earlier one was not fixed), recurred (in both, and the earlier one had been fixed: 已整改 or 已复核 — its current state after the imported status), resolved (in ROUND_FROM only: not found again).

Writes the labels into the ledger table round_comparison and the counts per building, compound and block into round_comparison_counts (rows of the same two rounds are replaced; a pair counts once). The ledger is replaced atomically.</source>
        <translation>对比台账中两轮的问题。ROUND_FROM 的一个问题与 ROUND_TO 的一个问题，若涉及同一楼栋（小区级问题：同一小区）和同一问题目录条目（problem_code），且双方都填写单元时单元一致，即视为同一问题；一一配对（先配单元相同的）。

标记：new 新增（仅在 ROUND_TO）、persisting 持续（两轮都有，且前一轮未整改完成）、recurred 复发（两轮都有，且前一轮已整改：已整改或已复核——按导入回执后的当前状态）、resolved 已销号（仅在 ROUND_FROM：复查未再发现）。

标记写入台账表 round_comparison，按楼栋、小区、街区的计数写入 round_comparison_counts（同两轮的旧记录被替换；一对只计一次）。台账以原子方式替换。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="62"/>
        <source>Ledger GeoPackage</source>
        <translation>体检台账 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="64"/>
        <source>Earlier round</source>
        <translation>前一轮</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="64"/>
        <source>Later round</source>
        <translation>后一轮</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="68"/>
        <source>New problems</source>
        <translation>新增问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="68"/>
        <source>Persisting problems</source>
        <translation>持续问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="68"/>
        <source>Resolved problems</source>
        <translation>已销号问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="68"/>
        <source>Recurred problems</source>
        <translation>复发问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="80"/>
        <source>Choose two different rounds.</source>
        <translation>请选择两个不同的轮次。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="87"/>
        <source>The ledger holds no problem of round {0}.</source>
        <translation>台账中没有第 {0} 轮的问题。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/comparerounds.py" line="105"/>
        <source>{0} → {1}: {2} new, {3} persisting, {4} resolved, {5} recurred.</source>
        <translation>{0} → {1}：新增 {2}，持续 {3}，已销号 {4}，复发 {5}。</translation>
    </message>
</context>
<context>
    <name>CompleteCommunityAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="59"/>
        <source>Complete community (facility gaps and candidate sites)</source>
        <translation>完整社区（设施缺口与候选地块）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="78"/>
        <source>Units (communities or areas)</source>
        <translation>单元（社区或片区）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="80"/>
        <source>Unit id field</source>
        <translation>单元编号字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="82"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="83"/>
        <source>Households field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="86"/>
        <source>Facilities (facility_type, area_m2)</source>
        <translation>设施（facility_type、area_m2）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="88"/>
        <source>Parks (area_m2; optional)</source>
        <translation>公园（area_m2；可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="90"/>
        <source>Candidate sites (vacant or under-used land; optional)</source>
        <translation>候选地块（闲置或低效用地；可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="93"/>
        <source>Candidate site id field</source>
        <translation>候选地块编号字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="96"/>
        <source>Standard table (CSV; empty: the shipped one)</source>
        <translation>标准表（CSV；为空则用随插件提供的标准）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="99"/>
        <source>Minimum share of households served</source>
        <translation>被服务户数的最低比例</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="102"/>
        <source>Units with gaps</source>
        <translation>有缺口的单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="104"/>
        <source>Facility check per unit</source>
        <translation>各单元设施检查</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="106"/>
        <source>Candidate sites ranked</source>
        <translation>候选地块排序</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="170"/>
        <source>{} buildings lie in no unit: not counted in any unit.</source>
        <translation>{} 栋楼不在任何单元内：不计入任何单元。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/completecommunity.py" line="62"/>
        <source>For each unit (community, or a joint-management area layer), every facility group of the complete-community standard (完整社区; the table resources/complete_community.csv: type, radius, minimum size, source) is checked: a building is served when a facility of that type (the facilities' facility_type; parks from the park layer, size area_m2) of at least the minimum size (a facility of unknown size counts) lies within the radius. A unit has a gap when the households served are below the minimum coverage share of its households, or, for a type with a floor area per 100 households (column m2_per_100hh: 社区综合服务站 30 m²), when the known area_m2 of its facilities serving the unit is below that area for the unit's households (area_m2, required_m2, size_ok; not judged when no area is known). Candidate sites (vacant or under-used land polygons) are ranked, per type marked candidate (public parking, e-bike charging, pocket parks), by the households within the radius not yet served. Distances are measured in the buildings' CRS (use a projected CRS).</source>
        <translation>对每个单元（社区，或片区联管区域图层），逐项检查完整社区标准的每类设施（完整社区；标准表 resources/complete_community.csv：类型、服务半径、最小规模、来源）：在服务半径内有一处该类设施（设施图层的 facility_type；公园取自公园图层，规模为 area_m2）且不小于最小规模（规模未知的设施也计入）的楼栋即为被服务。被服务户数低于单元户数的最低覆盖比例即为缺口；对按每百户规定建筑面积的设施类型（m2_per_100hh 列：社区综合服务站 30 m²），服务该单元的此类设施已知面积 area_m2 之和低于按单元户数计算的面积时也为缺口（area_m2、required_m2、size_ok；面积均未知时不作判断）。候选地块（闲置或低效用地面）按标记为候选的类型（公共停车、电动自行车充电、口袋公园）分别排序，依据是服务半径内尚未被服务的户数。距离按楼栋图层的坐标系量算（请使用投影坐标系）。</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <location filename="../core/feedback.py" line="19"/>
        <source>Cancelled by the user.</source>
        <translation>用户已取消。</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="191"/>
        <source>Catalogue file not found: {file}</source>
        <translation>未找到问题目录文件：{file}</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="198"/>
        <source>Catalogue file {file} lacks the column(s) {columns}.</source>
        <translation>问题目录文件 {file} 缺少列 {columns}。</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="208"/>
        <source>Catalogue file {file} is not UTF-8 encoded: save it as CSV UTF-8.</source>
        <translation>问题目录文件 {file} 不是 UTF-8 编码：请另存为“CSV UTF-8”。</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="217"/>
        <source>Catalogue file {file}, row {row}, column {column}: invalid value &quot;{value}&quot; (expected {expected}).</source>
        <translation>问题目录文件 {file}，第 {row} 行，{column} 列：无效值“{value}”（应为 {expected}）。</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="257"/>
        <source>Catalogue file {file}, row {row}, column {column}: duplicate code {value}.</source>
        <translation>问题目录文件 {file}，第 {row} 行，{column} 列：编码 {value} 重复。</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="273"/>
        <source>Catalogue file {file} holds no problem types.</source>
        <translation>问题目录文件 {file} 中没有问题类型。</translation>
    </message>
    <message>
        <location filename="../core/democity_reports.py" line="751"/>
        <source>Cannot write the demo city reports into {folder}: {error}</source>
        <translation>无法将演示城市的上报写入 {folder}：{error}</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="81"/>
        <source>The calamine engine was requested but python-calamine is not installed.</source>
        <translation>已指定使用 calamine 引擎，但未安装 python-calamine。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="103"/>
        <source>The workbook is password-protected (encrypted). Open it in Excel or WPS, remove the password (File &gt; Info &gt; Protect Workbook) and save it again.</source>
        <translation>该工作簿受密码保护（已加密）。请在 Excel 或 WPS 中打开，删除密码（文件 &gt; 信息 &gt; 保护工作簿）后重新保存。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="109"/>
        <source>The workbook cannot be read: it is damaged or not really an Excel file ({detail}). Open it in Excel or WPS and save it again as .xlsx.</source>
        <translation>无法读取该工作簿：文件已损坏或并非真正的 Excel 文件（{detail}）。请在 Excel 或 WPS 中打开并重新另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="242"/>
        <source>Reading the old .xls format needs python-calamine (pip install python-calamine) or xlrd; or save the file as .xlsx in Excel or WPS.</source>
        <translation>读取旧版 .xls 格式需要 python-calamine（pip install python-calamine）或 xlrd；也可在 Excel 或 WPS 中将文件另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="306"/>
        <source>The text file is in an encoding that cannot be recognised (tried UTF-8, UTF-16 and GBK/GB18030). Save it again as &quot;CSV UTF-8&quot; in Excel or WPS.</source>
        <translation>无法识别该文本文件的编码（已尝试 UTF-8、UTF-16 和 GBK/GB18030）。请在 Excel 或 WPS 中重新另存为“CSV UTF-8”。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="356"/>
        <source>The text file is malformed near line {line}: {detail}</source>
        <translation>文本文件在第 {line} 行附近格式错误：{detail}</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="246"/>
        <source>The reports path does not exist: {path}</source>
        <translation>上报路径不存在：{path}</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="253"/>
        <source>Skipped: a satisfaction survey (满意度调查), not a problem report.</source>
        <translation>已跳过：这是满意度调查，不是问题上报。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="202"/>
        <source>Skipped: not a spreadsheet or CSV file.</source>
        <translation>已跳过：不是电子表格或 CSV 文件。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="367"/>
        <source>The file cannot be opened: {detail}</source>
        <translation>无法打开该文件：{detail}</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="383"/>
        <source>The sheet could not be read: {detail}</source>
        <translation>无法读取该工作表：{detail}</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="400"/>
        <source>sheet &quot;{sheet}&quot;</source>
        <translation>工作表“{sheet}”</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="403"/>
        <source>row {row}</source>
        <translation>第 {row} 行</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="406"/>
        <source>column {column}</source>
        <translation>{column} 列</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="476"/>
        <source>The column &quot;{header}&quot; chosen in the column settings is not in the header row.</source>
        <translation>列设置中选择的列“{header}”不在表头行中。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="483"/>
        <source>Several columns ({columns}) mean &quot;{key}&quot;: the first non-empty one is used.</source>
        <translation>多个列（{columns}）都表示“{key}”：将使用第一个非空列。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="488"/>
        <source>No address column (compound, building, address or coordinates) was recognised in the header row; rows cannot be placed on the map.</source>
        <translation>表头行中未识别到地址列（小区、楼栋、地址或坐标），无法将各行定位到地图上。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="599"/>
        <source>The sheet is empty; skipped.</source>
        <translation>工作表为空，已跳过。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="602"/>
        <source>The sheet has no report header (instructions or lists); skipped.</source>
        <translation>该工作表没有上报表头（为说明或列表），已跳过。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="606"/>
        <source>No header row was recognised in the first {scan} rows, so its {rows} non-empty rows were not read. Name the columns like the standard form (社区名, 小区, 楼栋, 单元, 问题, 图片, 描述 …) or set the columns in the algorithm's column settings.</source>
        <translation>在前 {scan} 行中未识别到表头行，因此该工作表的 {rows} 个非空行未被读取。请按标准表格命名各列（社区名、小区、楼栋、单元、问题、图片、描述 …），或在算法的列设置中指定各列。</translation>
    </message>
    <message>
        <location filename="../core/survey_forms.py" line="393"/>
        <source>The number of form rows must be at least 1 (got {rows}).</source>
        <translation>表格行数至少为 1（当前为 {rows}）。</translation>
    </message>
    <message>
        <location filename="../core/survey_forms.py" line="440"/>
        <source>The address library has no buildings: no survey form was written.</source>
        <translation>地址库中没有楼栋：未生成任何调查表。</translation>
    </message>
    <message>
        <location filename="../processing/geometry.py" line="362"/>
        <source>The {layer} layer has no field {field}: use the library layer with the fields of the city health data model.</source>
        <translation>{layer}图层没有字段 {field}：请使用具有城市体检数据模型字段的地址库图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="192"/>
        <source>The buildings layer is empty.</source>
        <translation>楼栋图层为空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="195"/>
        <source>The buildings layer has no coordinate reference system: set one.</source>
        <translation>楼栋图层没有坐标参考系：请先设置。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="328"/>
        <source>The problems layer has no building_id field: use the output of Join reports.</source>
        <translation>问题图层没有 building_id 字段：请使用“将上报关联到楼栋”的输出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="341"/>
        <source>Cannot tell the round from the problems (rounds found: {rounds}): set Round.</source>
        <translation>无法从问题中确定轮次（发现的轮次：{rounds}）：请设置轮次。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="279"/>
        <source>Ledger roll-up is inconsistent: {first}</source>
        <translation>台账逐级汇总结果不一致：{first}</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="85"/>
        <source>Reading {format} files needs python-calamine (pip install python-calamine), which is not installed; open the file in Excel, WPS or LibreOffice and save it as .xlsx.</source>
        <translation>读取 {format} 文件需要 python-calamine（pip install python-calamine），但未安装；请在 Excel、WPS 或 LibreOffice 中打开该文件并另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="156"/>
        <source>python-calamine could not read the sheet ({detail}); it was read with openpyxl as far as it goes.</source>
        <translation>python-calamine 无法读取该工作表（{detail}）；已改用 openpyxl 尽可能读取。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="187"/>
        <source>Skipped: a spreadsheet format that cannot be read ({ext}, e.g. WPS .et); open it in WPS or Excel and save it as .xlsx.</source>
        <translation>已跳过：无法读取的电子表格格式（{ext}，例如 WPS 的 .et）；请在 WPS 或 Excel 中打开并另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="191"/>
        <source>Skipped: an archive ({ext}); unpack it into the reports folder to have its files read.</source>
        <translation>已跳过：压缩包（{ext}）；请解压到上报文件夹中，其中的文件才会被读取。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="195"/>
        <source>Skipped: a document ({ext}), not a spreadsheet; reports are read from .xlsx, .xls, .ods or .csv files.</source>
        <translation>已跳过：文档（{ext}），不是电子表格；上报从 .xlsx、.xls、.ods 或 .csv 文件读取。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="199"/>
        <source>Skipped: a picture outside a photo folder (照片, 图片, photos); photos are found through the report's photo column.</source>
        <translation>已跳过：不在照片文件夹（照片、图片、photos）中的图片；照片通过上报表的照片列查找。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="297"/>
        <source>The file is a PDF document, not a spreadsheet or CSV file; it was not read.</source>
        <translation>该文件是 PDF 文档，不是电子表格或 CSV 文件；未读取。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="299"/>
        <source>The file is a picture, not a spreadsheet or CSV file; it was not read.</source>
        <translation>该文件是图片，不是电子表格或 CSV 文件；未读取。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="301"/>
        <source>The file is a Word or WPS document, not a spreadsheet; it was not read. Copy the table into Excel or WPS and save it as .xlsx.</source>
        <translation>该文件是 Word 或 WPS 文档，不是电子表格；未读取。请把表格复制到 Excel 或 WPS 中并另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="304"/>
        <source>The file is a web page (HTML), as some systems export &quot;Excel&quot; files; it was not read. Open it in Excel or WPS and save it as .xlsx.</source>
        <translation>该文件是网页（HTML），有些系统导出的“Excel”文件就是这样；未读取。请在 Excel 或 WPS 中打开并另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="307"/>
        <source>The file is an Excel 2003 XML spreadsheet; it was not read. Open it in Excel or WPS and save it as .xlsx.</source>
        <translation>该文件是 Excel 2003 XML 电子表格；未读取。请在 Excel 或 WPS 中打开并另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="309"/>
        <source>The file is a zip archive but not a workbook; it was not read.</source>
        <translation>该文件是 zip 压缩包，但不是工作簿；未读取。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="311"/>
        <source>The file is empty (0 bytes); it was not read.</source>
        <translation>该文件为空（0 字节）；未读取。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="322"/>
        <source>The file is CSV text ({encoding}) although its name ends in &quot;{ext}&quot;; it was read as CSV.</source>
        <translation>该文件是 CSV 文本（{encoding}），但文件名以“{ext}”结尾；已按 CSV 读取。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="331"/>
        <source>The file is a workbook ({format}) although its name ends in &quot;{ext}&quot;; it was read as a workbook.</source>
        <translation>该文件是工作簿（{format}），但文件名以“{ext}”结尾；已按工作簿读取。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="547"/>
        <source>{count} total, subtotal or signature rows (合计, 小计, 审核人, 日期 …) are not reports and were not read as such: rows {rows}.</source>
        <translation>{count} 行是合计、小计或签字行（合计、小计、审核人、日期 …），不是上报，未作为上报读取：第 {rows} 行。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="569"/>
        <source>The sheet cannot be read beyond row {last} ({detail}): the {read} rows up to there were read, the rest of the sheet (of unknown size) was not.</source>
        <translation>该工作表在第 {last} 行之后无法读取（{detail}）：此前的 {read} 行已读取，工作表其余部分（行数未知）未读取。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="575"/>
        <source>The sheet cannot be read beyond row {last} ({detail}): the {read} rows up to there were read, the {unread} rows after it were not (counted as unreadable rows). Open the file in Excel or WPS, save it again and run once more.</source>
        <translation>该工作表在第 {last} 行之后无法读取（{detail}）：此前的 {read} 行已读取，之后的 {unread} 行未读取（计为无法读取的行）。请在 Excel 或 WPS 中打开该文件重新保存后再运行一次。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="64"/>
        <source>Indicator configuration, entry {entry} ({code}), «{key}»: {problem}</source>
        <translation>指标配置第 {entry} 项（{code}）的“{key}”：{problem}</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="70"/>
        <source>missing.</source>
        <translation>缺失。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="71"/>
        <source>&quot;{value}&quot; is not one of {allowed}.</source>
        <translation>“{value}”不是 {allowed} 之一。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="72"/>
        <source>&quot;{value}&quot; is not a number.</source>
        <translation>“{value}”不是数字。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="73"/>
        <source>{value} is negative; it must be 0 or more.</source>
        <translation>{value} 为负数，必须大于或等于 0。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="74"/>
        <source>the red band {red} lies on the wrong side of the standard value {standard} for direction {direction} (it must be {side} the standard).</source>
        <translation>红色预警值 {red} 位于标准值 {standard} 的错误一侧（方向为 {direction}，红色预警值必须{side}标准值）。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="77"/>
        <source>above</source>
        <translation>大于</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="78"/>
        <source>below</source>
        <translation>小于</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="79"/>
        <source>unknown facility type &quot;{value}&quot; (known: {allowed}).</source>
        <translation>未知的设施类型“{value}”（可用：{allowed}）。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="80"/>
        <source>the code appears twice.</source>
        <translation>编码重复出现。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="81"/>
        <source>unknown code &quot;{value}&quot;: a national code of the 2024 set, or a local indicator (&quot;local&quot;: true) with a new code.</source>
        <translation>未知编码“{value}”：应为 2024 年国家基础指标的编码，或标记为本地指标（&quot;local&quot;: true）的新编码。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="84"/>
        <source>needs at least one entry.</source>
        <translation>至少需要一项。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="85"/>
        <source>&quot;{value}&quot; is not true or false.</source>
        <translation>“{value}”不是 true 或 false。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="86"/>
        <source>min {low} is larger than max {high}.</source>
        <translation>最小值 {low} 大于最大值 {high}。</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="100"/>
        <source>Indicator configuration file not found: {file}</source>
        <translation>找不到指标配置文件：{file}</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="106"/>
        <source>Indicator configuration {file} is not valid UTF-8 JSON: {error}</source>
        <translation>指标配置 {file} 不是有效的 UTF-8 JSON：{error}</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="117"/>
        <source>Indicator configuration is not valid JSON: {error}</source>
        <translation>指标配置不是有效的 JSON：{error}</translation>
    </message>
    <message>
        <location filename="../core/indicators/config.py" line="248"/>
        <source>Indicator configuration: not a CityHealth indicator file (an object with a list &quot;indicators&quot; is expected).</source>
        <translation>指标配置：不是城市体检指标配置文件（应为含有 &quot;indicators&quot; 列表的对象）。</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="70"/>
        <source>building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="71"/>
        <source>compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="72"/>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="73"/>
        <source>block</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="74"/>
        <source>district</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="75"/>
        <source>not defined for {level} units (only {levels})</source>
        <translation>不适用于{level}层级单元（仅适用于{levels}）</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="76"/>
        <source>needs the {layer} layer, which was not given</source>
        <translation>需要 {layer} 图层，但未提供</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="77"/>
        <source>no residents in the unit</source>
        <translation>单元内无常住人口</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="78"/>
        <source>no households or no area in the unit</source>
        <translation>单元内无住户或无面积</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="79"/>
        <source>no value in the statistics table</source>
        <translation>统计表中没有该单元的数值</translation>
    </message>
    <message>
        <location filename="../core/indicators/kinds.py" line="80"/>
        <source>{layer} {uid} has no value of {field}</source>
        <translation>{layer} {uid} 的 {field} 为空</translation>
    </message>
    <message>
        <location filename="../core/indicators/stats.py" line="50"/>
        <source>{file}: cannot read the text encoding.</source>
        <translation>{file}：无法识别文本编码。</translation>
    </message>
    <message>
        <location filename="../core/indicators/stats.py" line="58"/>
        <source>Statistics table not found: {file}</source>
        <translation>找不到统计表：{file}</translation>
    </message>
    <message>
        <location filename="../core/indicators/stats.py" line="63"/>
        <source>{file}: the statistics table is empty.</source>
        <translation>{file}：统计表为空。</translation>
    </message>
    <message>
        <location filename="../core/indicators/stats.py" line="68"/>
        <source>{file} {sheet}: the statistics table lacks the column(s) {columns} (unit_id/单元编码, indicator_code/指标编码, value/数值).</source>
        <translation>{file} {sheet}：统计表缺少列 {columns}（unit_id/单元编码、indicator_code/指标编码、value/数值）。</translation>
    </message>
    <message>
        <location filename="../core/indicators/stats.py" line="74"/>
        <source>{file} {sheet}, row {row}, column {column}: &quot;{value}&quot; is not valid; the row is skipped.</source>
        <translation>{file} {sheet} 第 {row} 行“{column}”列：“{value}”无效，已跳过该行。</translation>
    </message>
    <message>
        <location filename="../core/closedloop/history.py" line="263"/>
        <source>{file}, sheet {sheet}, row {row}: unknown 问题编号 «{uid}».</source>
        <translation>{file}，工作表 {sheet}，第 {row} 行：问题编号“{uid}”不存在。</translation>
    </message>
    <message>
        <location filename="../core/closedloop/history.py" line="268"/>
        <source>{file}, sheet {sheet}, row {row}: 整改状态 «{status}» is not one of {states}.</source>
        <translation>{file}，工作表 {sheet}，第 {row} 行：整改状态“{status}”不是以下之一：{states}。</translation>
    </message>
    <message>
        <location filename="../core/closedloop/history.py" line="275"/>
        <source>{file}, sheet {sheet}, row {row}: 整改日期 «{value}» is not a readable date.</source>
        <translation>{file}，工作表 {sheet}，第 {row} 行：整改日期“{value}”无法识别为日期。</translation>
    </message>
    <message>
        <location filename="../core/closedloop/history.py" line="281"/>
        <source>{file}, sheet {sheet}, row {row}: 整改日期 {date} is in the future.</source>
        <translation>{file}，工作表 {sheet}，第 {row} 行：整改日期 {date} 晚于今天。</translation>
    </message>
    <message>
        <location filename="../core/closedloop/history.py" line="287"/>
        <source>{file}, sheet {sheet}, row {row}: 整改日期 {date} is before the problem was found ({found}).</source>
        <translation>{file}，工作表 {sheet}，第 {row} 行：整改日期 {date} 早于问题发现日期（{found}）。</translation>
    </message>
    <message>
        <location filename="../core/closedloop/history.py" line="299"/>
        <source>{file}, sheet {sheet}, row {row}: problem {uid} is {current}; the lifecycle does not allow {current} → {target}.</source>
        <translation>{file}，工作表 {sheet}，第 {row} 行：问题 {uid} 当前为“{current}”，状态流程不允许 {current} → {target}。</translation>
    </message>
    <message>
        <location filename="../core/closedloop/workbook.py" line="234"/>
        <source>{file}: cannot be read as a workbook ({error}).</source>
        <translation>{file}：无法作为工作簿读取（{error}）。</translation>
    </message>
    <message>
        <location filename="../core/indicators/assessment.py" line="179"/>
        <source>Indicator {codes} measures its radius over the road network (&quot;distance&quot;: &quot;network&quot;) and needs the ROADS layer, which was not given: give ROADS or set its distance to euclidean.</source>
        <translation>指标 {codes} 按路网距离计算服务半径（&quot;distance&quot;: &quot;network&quot;），需要道路图层（ROADS），但未提供：请提供 ROADS，或将其距离改为 euclidean（直线距离）。</translation>
    </message>
    <message>
        <location filename="../core/analysis/walkways.py" line="43"/>
        <source>Walkway problem codes: «{item}» is not CODE=reason (reasons: {reasons}).</source>
        <translation>步行道问题编码：«{item}» 不是“编码=原因”格式（原因可为：{reasons}）。</translation>
    </message>
    <message>
        <location filename="../core/planning/renovation.py" line="106"/>
        <source>{file}: the cost table lacks the columns {columns}.</source>
        <translation>{file}：单价表缺少列 {columns}。</translation>
    </message>
    <message>
        <location filename="../core/planning/renovation.py" line="117"/>
        <source>{file}, row {row}: needs a new item id, a unit cost ≥ 0 (元) and a basis among {bases}.</source>
        <translation>{file} 第 {row} 行：需要不重复的项目编号、不小于 0 的综合单价（元），以及计量依据（{bases} 之一）。</translation>
    </message>
    <message>
        <location filename="../core/planning/complete.py" line="45"/>
        <source>{file} line {line}: column {column} has &apos;{value}&apos;, a number is needed</source>
        <translation>{file} 第 {line} 行：{column} 列为“{value}”，需要数字</translation>
    </message>
    <message>
        <location filename="../core/planning/complete.py" line="58"/>
        <source>{file}: the standard table lacks the columns {columns}</source>
        <translation>{file}：标准表缺少列 {columns}</translation>
    </message>
    <message>
        <location filename="../core/planning/voice.py" line="115"/>
        <source>{file}: not a readable workbook ({error})</source>
        <translation>{file}：不是可读取的工作簿（{error}）</translation>
    </message>
    <message>
        <location filename="../core/planning/voice.py" line="164"/>
        <source>no compound (小区 empty)</source>
        <translation>没有小区（小区为空）</translation>
    </message>
    <message>
        <location filename="../core/planning/voice.py" line="178"/>
        <source>{topic}: &apos;{value}&apos; is not a score</source>
        <translation>{topic}：“{value}”不是分数</translation>
    </message>
    <message>
        <location filename="../core/planning/voice.py" line="182"/>
        <source>{topic}: {value} outside {low}–{high}</source>
        <translation>{topic}：{value} 超出 {low}–{high}</translation>
    </message>
    <message>
        <location filename="../core/planning/voice.py" line="202"/>
        <source>{file}: the dictionary needs the columns keyword, category</source>
        <translation>{file}：词典需要 keyword、category 两列</translation>
    </message>
    <message>
        <location filename="../core/planning/voice.py" line="208"/>
        <source>{file} line {line}: keyword and category must both be given</source>
        <translation>{file} 第 {line} 行：keyword 和 category 都必须填写</translation>
    </message>
    <message>
        <location filename="../core/closedloop/workbook.py" line="244"/>
        <source>{file}: no sheet has the work-order header (the columns {uid} and {status} in its first 10 rows), so nothing was read from it. Put the columns back as they were in the work order sent out.</source>
        <translation>{file}：没有一个工作表在前 10 行中有工单表头（{uid} 和 {status} 两列），因此该文件未读取任何内容。请按派发时的工单恢复这些列。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="553"/>
        <source>{count} photo cells hold a picture embedded in the cell (WPS &quot;picture in cell&quot;, =DISPIMG), which is not extracted: rows {rows}. Save the pictures into the 照片 folder and write their file names in the photo column.</source>
        <translation>{count} 个照片单元格中是嵌入单元格的图片（WPS“嵌入单元格图片”，=DISPIMG），无法提取：第 {rows} 行。请把图片保存到“照片”文件夹，并在照片列中填写文件名。</translation>
    </message>
</context>
<context>
    <name>CorrelationAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="44"/>
        <source>Correlation of problem rates with drivers</source>
        <translation>问题发生率与影响因素的相关分析</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="63"/>
        <source>Blocks with problem rates</source>
        <translation>含问题发生率的街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="65"/>
        <source>Block id field (default: block_id)</source>
        <translation>街区编号字段（默认：block_id）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="68"/>
        <source>Problem rate fields (default: problems_per_100hh)</source>
        <translation>问题发生率字段（默认：problems_per_100hh）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="72"/>
        <source>Buildings (residents, residents_60, build_year)</source>
        <translation>楼栋（residents、residents_60、build_year）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="74"/>
        <source>Compounds (households, has_property; optional)</source>
        <translation>小区（households、has_property；可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="77"/>
        <source>Facilities (optional)</source>
        <translation>设施（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="83"/>
        <source>Facility radius</source>
        <translation>设施服务半径</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="85"/>
        <source>Year of the building age</source>
        <translation>计算房龄的年份</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="88"/>
        <source>Correlation table</source>
        <translation>相关分析表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="88"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="90"/>
        <source>Scatter-plot matrix</source>
        <translation>散点图矩阵</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="90"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="97"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="107"/>
        <source>{0} has no field «{1}».</source>
        <translation>{0} 没有字段「{1}」。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="125"/>
        <source>Blocks</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="119"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="147"/>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="176"/>
        <source>{0} × {1}: n = {2}, Pearson r = {3}, Spearman ρ = {4}</source>
        <translation>{0} × {1}：n = {2}，Pearson r = {3}，Spearman ρ = {4}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="47"/>
        <source>Pearson's r and Spearman's ρ, each with its two-sided p-value (Student's t, n − 2 degrees of freedom), between every problem rate of RATE_FIELDS (default problems_per_100hh) and the candidate drivers of each block: population density (residents of the BUILDINGS whose centroid lies in the block per km² of block), share of residents aged 60 and over (residents_60 / residents), mean building age (YEAR − build_year), share of households in COMPOUNDS without property management (has_property = 0) and facility coverage (share of residents whose building lies within RADIUS of a FACILITIES point, of the FACILITY_TYPES when given). Blocks where a value is missing are left out of that pair (n says how many pairs counted).

OUTPUT: an .xlsx with the sheet 相关分析 (one row per rate and driver) and 街区数据 (the values per block). PLOT: a scatter-plot matrix (PNG): scatter plots below the diagonal, r and ρ above it. Correlation is not causation: read it as a pointer to where to look.</source>
        <translation>计算 RATE_FIELDS 中每个问题发生率（默认 problems_per_100hh）与各街区候选影响因素之间的 Pearson 相关系数 r 和 Spearman 秩相关系数 ρ，及其双侧 p 值（Student t 分布，自由度 n − 2）。影响因素：人口密度（质心位于街区内的 BUILDINGS 的居民数 ÷ 街区面积，人/平方公里）、60 岁以上居民占比（residents_60 / residents）、平均房龄（YEAR − build_year）、COMPOUNDS 中无物业管理（has_property = 0）的户数占比、设施覆盖率（楼栋位于 FACILITIES 点 RADIUS 范围内的居民占比；给出 FACILITY_TYPES 时只计这些类型）。某项取值缺失的街区不参与该对指标的计算（n 为参与计算的样本数）。

OUTPUT：.xlsx，工作表「相关分析」（每个问题指标与影响因素一行）和「街区数据」（各街区的取值）。PLOT：散点图矩阵（PNG）：对角线下方为散点图，上方为 r 和 ρ。相关不等于因果：结果用于提示应重点查看的方向。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="80"/>
        <source>Facility types counted (facility_type values, comma-separated; empty: all)</source>
        <translation>计入的设施类型（facility_type 取值，逗号分隔；留空：全部）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/correlation.py" line="191"/>
        <source>Facilities</source>
        <translation>设施</translation>
    </message>
</context>
<context>
    <name>DemoCityAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/democity.py" line="72"/>
        <source>Generate demo city</source>
        <translation>生成演示城市</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="90"/>
        <source>Size</source>
        <translation>规模</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="90"/>
        <source>Small (about 2,000 buildings)</source>
        <translation>小规模（约 2,000 个楼栋）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="90"/>
        <source>Large (about 60,000 buildings)</source>
        <translation>大规模（约 60,000 个楼栋）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="94"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="98"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="99"/>
        <source>Demo city GeoPackage</source>
        <translation>演示城市 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="100"/>
        <source>Reports folder</source>
        <translation>上报文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="101"/>
        <source>Ground truth of the reports</source>
        <translation>上报真值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="102"/>
        <source>Number of buildings</source>
        <translation>楼栋数量</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="103"/>
        <source>Number of report rows</source>
        <translation>上报行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="118"/>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="122"/>
        <source>Generating the {} city with seed {} …</source>
        <translation>正在生成{}规模城市，随机种子 {} …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="128"/>
        <source>Writing the grid reports …</source>
        <translation>正在写入网格上报 …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="132"/>
        <source>{} buildings, {} report rows ({} deliberately unmatchable, {:.1%}).</source>
        <translation>楼栋 {} 个，上报 {} 行（其中 {} 行故意设为无法匹配，占 {:.1%}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Districts</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Grid cells</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Blocks</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Facilities</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Parks</source>
        <translation>公园</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="108"/>
        <source>Reports folder (as text, for models)</source>
        <translation>上报文件夹（文本形式，供模型使用）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="57"/>
        <source>Vacant and under-used land</source>
        <translation>闲置和低效用地</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="75"/>
        <source>Generates a synthetic but realistic old town modelled on Tongliao (Horqin district and the economic development zone) in EPSG:4550: districts, streets, communities, grid cells, roads, blocks, compounds, buildings, facilities, parks and vacant or under-used land (candidate sites), written to democity.gpkg in the output folder. It also writes two rounds (2024, 2025) of grid problem reports with the messy address spellings grid workers use, one photo per problem, a satisfaction survey per round, a residents&apos; complaint list per round (complaints/&lt;round&gt;/, a WeChat-group and 12345-hotline export with free-text addresses, names and phone numbers) and ground_truth.csv stating the true building of every report row.

Size small has about 2,000 buildings and takes seconds; large has about 60,000 buildings and 200,000 report rows (for benchmarks, a minute or two). The same seed always gives the same city and the same report tables.</source>
        <translation>生成一个以通辽（科尔沁区和经济技术开发区）为原型、虚构但贴近真实的老城区，坐标参考系为 EPSG:4550：包括城区、街道、社区、网格、道路、街区、小区、楼栋、设施、公园以及闲置和低效用地（候选地块），写入输出文件夹中的 democity.gpkg。同时生成两个轮次（2024、2025）的网格问题上报（地址写法与网格员实际填写一样杂乱）、每个问题一张照片、每轮一份满意度调查、每轮一份市民投诉清单（complaints/&lt;轮次&gt;/，业主微信群和 12345 热线导出，地址为自由书写，含姓名和电话号码），以及记录每条上报行真实所属楼栋的 ground_truth.csv。

小规模约 2,000 个楼栋，几秒即可完成；大规模约 60,000 个楼栋和 200,000 条上报行（用于性能测试，需一两分钟）。相同的随机种子始终生成相同的城市和相同的上报表。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="110"/>
        <source>Complaint lists folder (as text, for models)</source>
        <translation>市民投诉清单文件夹（文本，供模型使用）</translation>
    </message>
</context>
<context>
    <name>DemoReturnsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/demoreturns.py" line="34"/>
        <source>Demo: fill returned work orders</source>
        <translation>示例：填写回传工单</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/demoreturns.py" line="37"/>
        <source>For the demo and for trying the closed loop: copies every work order of the input folder to &lt;name&gt;_回执.xlsx in the output folder and fills about two thirds of the rows as a department would (整改中, 已整改 with a date after dispatch, some 无法整改 and 非本部门职责 with or without a department to re-route to, formula-like notes). Every 29th filled row is deliberately bad, one kind after the other: an unknown 问题编号, a forbidden change (已派单 → 已复核), a date in the future, a date before the problem was found, an unreadable date — cityhealth:importstatus rejects them. The same seed and work orders give the same files.</source>
        <translation>用于示例和试用工单闭环：把输入文件夹中的每份工单复制为输出文件夹中的 &lt;名称&gt;_回执.xlsx，并像职能部门那样填写约三分之二的行（整改中；已整改并填写派单之后的日期；少量无法整改和非本部门职责，有的写明改派部门；类似公式的说明）。每第 29 个填写行故意填错，依次为：问题编号不存在、不允许的状态变更（已派单 → 已复核）、日期晚于今天、日期早于问题发现日期、无法识别的日期——cityhealth:importstatus 会逐行退回。相同的随机种子和工单得到相同的文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/demoreturns.py" line="49"/>
        <source>Folder of work orders</source>
        <translation>工单文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/demoreturns.py" line="51"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/demoreturns.py" line="53"/>
        <source>Folder of returned work orders</source>
        <translation>回传工单文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/demoreturns.py" line="55"/>
        <source>Files written</source>
        <translation>写出的文件数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/demoreturns.py" line="56"/>
        <source>Rows filled</source>
        <translation>填写的行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/demoreturns.py" line="57"/>
        <source>Deliberately bad rows</source>
        <translation>故意填错的行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/demoreturns.py" line="62"/>
        <source>The work order folder {0} does not exist.</source>
        <translation>工单文件夹 {0} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/demoreturns.py" line="70"/>
        <source>{0} returned work orders, {1} rows filled, {2} of them bad ({3}).</source>
        <translation>{0} 份回传工单，填写 {1} 行，其中 {2} 行故意填错（{3}）。</translation>
    </message>
</context>
<context>
    <name>Groups</name>
    <message>
        <location filename="../processing/base.py" line="40"/>
        <source>Demo and data</source>
        <translation>示例与数据</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="41"/>
        <source>Address library and reports</source>
        <translation>地址库与上报</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="42"/>
        <source>Spatial ledger</source>
        <translation>空间台账</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="43"/>
        <source>Assessment</source>
        <translation>体检评估</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="44"/>
        <source>Spatial analysis</source>
        <translation>空间分析</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="45"/>
        <source>Closed loop</source>
        <translation>治理闭环</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="46"/>
        <source>Renewal planning</source>
        <translation>更新规划</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="47"/>
        <source>Maps and atlases</source>
        <translation>制图与图集</translation>
    </message>
</context>
<context>
    <name>HotspotsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="54"/>
        <source>Hot spots and clusters (Gi*, local Moran&apos;s I)</source>
        <translation>热点与聚集分析（Gi*、局部莫兰指数）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="57"/>
        <source>Finds where the values of FIELD cluster (问题聚集区), e.g. problems per 100 households per block.

Neighbours: 0 = queen contiguity (polygons sharing an edge or a corner), 1 = distance band (features whose points or polygon centroids lie within DISTANCE), 2 = the K nearest features. Points at the same location are each other's neighbours (distance 0).

gi_z, gi_p: local Getis–Ord Gi* (binary weights, the feature itself included; Ord &amp; Getis 1995), analytical z-score and two-sided p-value. gi_class: +3 / +2 / +1 hot spot and −3 / −2 / −1 cold spot at 99 / 95 / 90 % confidence, 0 not significant; with FDR the Benjamini–Hochberg false-discovery-rate correction decides significance. lisa_i, lisa_z, lisa_p, lisa_q: local Moran's I (row-standardised weights; Anselin 1995) with its analytical z-score under randomisation, two-sided p-value and quadrant (1 high–high, 2 low–high, 3 low–low, 4 high–low). The figures equal PySAL esda's (G_Local star=True transform B; Moran_Local). n_neighbours: the number of neighbours.

Input attributes are kept. Features without a value or without neighbours get no statistic (NULL) and are counted in a warning. A layer in a geographic CRS is measured in a local projected CRS (UTM, metres; DISTANCE then in metres). A constant field has no clusters: all statistics NULL.</source>
        <translation>识别 FIELD 数值的空间聚集区（问题聚集区），例如各街区每百户问题数。

邻接关系：0 = 后（Queen）邻接（共边或共点的多边形），1 = 距离带（点或多边形质心在 DISTANCE 以内的要素），2 = K 个最近要素。位置相同的点互为邻居（距离 0）。

gi_z、gi_p：局部 Getis–Ord Gi*（二值权重，含要素自身；Ord 与 Getis 1995）的解析 z 值与双侧 p 值。gi_class：+3 / +2 / +1 为 99 / 95 / 90 % 置信度的热点，−3 / −2 / −1 为冷点，0 为不显著；勾选 FDR 时按 Benjamini–Hochberg 错误发现率校正判断显著性。lisa_i、lisa_z、lisa_p、lisa_q：局部莫兰指数（行标准化权重；Anselin 1995）及其随机化假设下的解析 z 值、双侧 p 值和象限（1 高–高，2 低–高，3 低–低，4 高–低）。结果与 PySAL esda 一致（G_Local star=True transform B；Moran_Local）。n_neighbours：邻居个数。

保留输入属性。无数值或无邻居的要素不计算统计量（NULL），并在警告中给出个数。地理坐标系的图层在局部投影坐标系（UTM，米；此时 DISTANCE 以米计）中计算。字段为常数时不存在聚集：全部统计量为 NULL。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="77"/>
        <source>Points or polygons</source>
        <translation>点或多边形</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="80"/>
        <source>Value field</source>
        <translation>数值字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="82"/>
        <source>Neighbours</source>
        <translation>邻接关系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="82"/>
        <source>Queen contiguity (polygons)</source>
        <translation>后（Queen）邻接（多边形）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="82"/>
        <source>Distance band</source>
        <translation>距离带</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="82"/>
        <source>K nearest</source>
        <translation>K 个最近邻</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="86"/>
        <source>Distance band (distance band only)</source>
        <translation>距离带（仅距离带方式）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="88"/>
        <source>Number of nearest neighbours (K nearest only)</source>
        <translation>最近邻个数（仅 K 最近邻方式）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="91"/>
        <source>False-discovery-rate correction (Benjamini–Hochberg)</source>
        <translation>错误发现率校正（Benjamini–Hochberg）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="93"/>
        <source>Hot spots</source>
        <translation>热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="104"/>
        <source>Queen contiguity needs polygons; for points choose a distance band or K nearest.</source>
        <translation>后（Queen）邻接需要多边形图层；点图层请选择距离带或 K 最近邻。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="112"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="125"/>
        <source>{0} is a geographic CRS: distances are measured in {1} (metres).</source>
        <translation>{0} 是地理坐标系：距离在 {1}（米）中计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="138"/>
        <source>{0} features share their location with another one; they are each other&apos;s neighbours (distance 0).</source>
        <translation>{0} 个要素与其他要素位置相同；它们互为邻居（距离 0）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="148"/>
        <source>{0} features have no value in «{1}»: no statistic (NULL).</source>
        <translation>{0} 个要素在「{1}」中无数值：不计算统计量（NULL）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="151"/>
        <source>{0} features have no neighbour: no statistic (NULL). Choose another neighbourhood (distance band, K nearest) to include them.</source>
        <translation>{0} 个要素没有邻居：不计算统计量（NULL）。如需包含它们，请选择其他邻接方式（距离带、K 最近邻）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="155"/>
        <source>Fewer than 3 features have a value: no statistic.</source>
        <translation>有数值的要素少于 3 个：不计算统计量。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="157"/>
        <source>«{0}» has the same value everywhere: there are no clusters, all statistics are NULL.</source>
        <translation>「{0}」处处取值相同：不存在聚集，全部统计量为 NULL。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="162"/>
        <source>{0} hot spots and {1} cold spots (at least 90 % confidence{2}).</source>
        <translation>热点 {0} 个、冷点 {1} 个（置信度至少 90 %{2}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="163"/>
        <source>, FDR-corrected</source>
        <translation>，已做 FDR 校正</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="167"/>
        <source>Hot spot, 99 % confidence</source>
        <translation>热点，99 % 置信度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="167"/>
        <source>Hot spot, 95 % confidence</source>
        <translation>热点，95 % 置信度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="168"/>
        <source>Hot spot, 90 % confidence</source>
        <translation>热点，90 % 置信度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="168"/>
        <source>Not significant</source>
        <translation>不显著</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="169"/>
        <source>Cold spot, 90 % confidence</source>
        <translation>冷点，90 % 置信度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="169"/>
        <source>Cold spot, 95 % confidence</source>
        <translation>冷点，95 % 置信度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="170"/>
        <source>Cold spot, 99 % confidence</source>
        <translation>冷点，99 % 置信度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="171"/>
        <source>High–high</source>
        <translation>高–高</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="171"/>
        <source>Low–high</source>
        <translation>低–高</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="171"/>
        <source>Low–low</source>
        <translation>低–低</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/hotspots.py" line="172"/>
        <source>High–low</source>
        <translation>高–低</translation>
    </message>
</context>
<context>
    <name>ImportStatusAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="58"/>
        <source>Import returned work orders (status)</source>
        <translation>导入回传工单（整改状态）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="61"/>
        <source>Reads a returned work order (.xlsx) or every work order in a folder and imports the rows whose 整改状态 is filled: each change is appended to the ledger's append-only table problem_history (problem uid, from, to, changed date, who / department, note, source file, sheet, row, imported at) and the problem's current status is written to the status field of problems.

A row is rejected, with the reason naming file, sheet and row, when its 问题编号 is unknown, its 整改状态 is not one a department may set (整改中, 已整改, 已复核, 无法整改, 非本部门职责), the lifecycle forbids the change from the problem's current state, or its 整改日期 is missing, unreadable, in the future or before the problem was found; the other rows import. A row asking for the state a problem is already in, or repeating a change already in the history, is counted as unchanged: importing the same workbook twice changes nothing.

非本部门职责 sends the problem back to 待派单 (a second history row) for re-routing to the department named in 改派部门, or to 市住房和城乡建设局 when none is named. The ledger is replaced atomically. TODAY (YYYY-MM-DD, empty: today) is the date after which a 整改日期 is in the future.</source>
        <translation>读取一份回传工单（.xlsx）或文件夹中的全部工单，导入已填写“整改状态”的行：每次状态变更追加到台账中只增不改的 problem_history 表（问题编号、原状态、新状态、变更日期、填报人/部门、说明、来源文件、工作表、行号、导入时间），并把问题的当前状态写入 problems 的 status 字段。

以下情况逐行退回并说明原因（注明文件、工作表和行号），其余行照常导入：问题编号不存在；整改状态不是部门可填的状态（整改中、已整改、已复核、无法整改、非本部门职责）；状态流程不允许从问题当前状态变更；整改日期为空、无法识别、晚于今天或早于问题发现日期。要求的状态与当前状态相同、或与履历中已有的变更重复的行计为未变化：同一工作簿导入两次，第二次不改变任何内容。

非本部门职责使问题退回待派单（第二条履历记录），改派给“改派部门”中写明的部门，未写明时改派给市住房和城乡建设局。台账以原子方式替换。TODAY（YYYY-MM-DD，空：今天）之后的整改日期视为晚于今天。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="79"/>
        <source>Ledger GeoPackage</source>
        <translation>体检台账 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="82"/>
        <source>Folder of returned work orders (or one .xlsx)</source>
        <translation>回传工单文件夹（或一个 .xlsx）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="85"/>
        <source>Today (YYYY-MM-DD; empty: the computer&apos;s date)</source>
        <translation>今天（YYYY-MM-DD；空：计算机日期）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="87"/>
        <source>Rejected rows</source>
        <translation>退回的行</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="89"/>
        <source>Rows applied</source>
        <translation>已导入的行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="90"/>
        <source>Rows rejected</source>
        <translation>退回的行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="91"/>
        <source>Rows unchanged</source>
        <translation>未变化的行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="99"/>
        <source>The returned work orders {0} do not exist.</source>
        <translation>回传工单 {0} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="103"/>
        <source>TODAY «{0}» is not a date (YYYY-MM-DD).</source>
        <translation>TODAY“{0}”不是日期（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="109"/>
        <source>No readable work order (.xlsx) in {0}.</source>
        <translation>{0} 中没有可读取的工单（.xlsx）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="136"/>
        <source>Cancelled: the ledger was not changed.</source>
        <translation>已取消：台账未改变。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/importstatus.py" line="143"/>
        <source>{files} files read: {rows} filled rows — {applied} applied ({history} history rows), {rejected} rejected, {unchanged} unchanged; {blank} rows left blank.</source>
        <translation>读取 {files} 个文件：已填写 {rows} 行——导入 {applied} 行（履历 {history} 条），退回 {rejected} 行，未变化 {unchanged} 行；{blank} 行未填写。</translation>
    </message>
</context>
<context>
    <name>IndicatorConfigDialog</name>
    <message>
        <location filename="../dialogs/indicator_config.py" line="61"/>
        <source>Indicator configuration</source>
        <translation>指标配置</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Kind</source>
        <translation>计算方式</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Standard value</source>
        <translation>标准值</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Red band</source>
        <translation>红色预警值</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Radius (m)</source>
        <translation>半径（米）</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="71"/>
        <source>Parameters (JSON)</source>
        <translation>参数（JSON）</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="79"/>
        <source>Add local indicator</source>
        <translation>添加本地指标</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="79"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="79"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="79"/>
        <source>Reset to national default</source>
        <translation>恢复国家默认</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="79"/>
        <source>Save to project</source>
        <translation>保存到工程</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="79"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="89"/>
        <source>Configuration: {0}</source>
        <translation>配置来源：{0}</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="155"/>
        <source>Give {0} radius value(s) separated by /.</source>
        <translation>请填写 {0} 个半径值，用 / 分隔。</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="165"/>
        <source>Parameters are not valid JSON: {0}</source>
        <translation>参数不是有效的 JSON：{0}</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="177"/>
        <source>Edit refused: {0}</source>
        <translation>修改未被接受：{0}</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="182"/>
        <source>{0}: changed (not saved yet).</source>
        <translation>{0}：已修改（尚未保存）。</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="204"/>
        <source>Local indicator {0}</source>
        <translation>本地指标 {0}</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="211"/>
        <source>{0} added (kind {1}); edit its name, values and parameters.</source>
        <translation>已添加 {0}（计算方式 {1}），请修改其名称、数值和参数。</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="218"/>
        <source>National default restored (not saved yet).</source>
        <translation>已恢复国家默认配置（尚未保存）。</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="224"/>
        <source>Import refused: {0}</source>
        <translation>导入被拒绝：{0}</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="227"/>
        <source>Imported {0} (not saved yet).</source>
        <translation>已导入 {0}（尚未保存）。</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="232"/>
        <source>Exported to {0}.</source>
        <translation>已导出到 {0}。</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="239"/>
        <source>Saved in the project and in {0}; Assess indicators uses it when its configuration is empty.</source>
        <translation>已保存到工程和 {0}；“指标体检评估”在指标配置留空时使用它。</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="242"/>
        <source>Saved in the project (save the project to keep it).</source>
        <translation>已保存到工程（请保存工程文件以保留）。</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="246"/>
        <source>Import indicator configuration</source>
        <translation>导入指标配置</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="252"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../dialogs/indicator_config.py" line="252"/>
        <source>Export indicator configuration</source>
        <translation>导出指标配置</translation>
    </message>
</context>
<context>
    <name>InitDatabaseAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="40"/>
        <source>Initialise the ledger database (PostGIS)</source>
        <translation>初始化台账数据库（PostGIS）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="43"/>
        <source>Creates the shared ledger in a PostgreSQL/PostGIS database, or upgrades it: run it again after a plugin update; it adds what is missing and never drops a table, a column or a row.

DATABASE: a saved QGIS PostgreSQL connection name, a URI (postgresql://user@host:5432/db) or a connection string (host=… dbname=… user=…). The user must own the schema or be allowed to create it, and to create roles. SCHEMA (default cityhealth) receives the tables of the ledger GeoPackage: problems, photos, ledger_building … ledger_district, ledger_runs, problem_history, round_comparison, round_comparison_counts, with the primary key fid and the geometry column geom in the SRID of CRS, and role_scope.

problem_history is append-only. Every change of problems.status (an algorithm, SQL or an edit in QGIS desktop) is recorded there by a trigger, with the login user; a history row appended by an algorithm (dispatch, import, reroute) is applied to problems (status, and the department for dispatch and reroute). problems.version protects against lost updates: an edit that sends the version it read is rejected, naming the problem, when someone changed it meanwhile.

ROLES: one line per group role, «role = department:&lt;department&gt;», «role = district:&lt;district_code&gt;» or «role = tech». Empty: &lt;schema&gt;_tech, one &lt;schema&gt;_dept_&lt;department&gt; per department of the problem catalogue and of the data, one &lt;schema&gt;_district_&lt;code&gt; per district code of the problems. A department role sees and edits only the problems assigned to it, a district role sees the problems of its district, the technical team sees and edits everything. Grant the roles to login users: GRANT &quot;cityhealth_tech&quot; TO alice;</source>
        <translation>在 PostgreSQL/PostGIS 数据库中创建共享台账，或对其升级：插件更新后再运行一次即可；只补充缺少的内容，从不删除表、字段或记录。

DATABASE：已保存的 QGIS PostgreSQL 连接名、URI（postgresql://user@host:5432/db）或连接字符串（host=… dbname=… user=…）。该用户须拥有该模式或有权创建它，并有权创建角色。SCHEMA（默认 cityhealth）存放台账 GeoPackage 的各表：problems、photos、ledger_building … ledger_district、ledger_runs、problem_history、round_comparison、round_comparison_counts，主键为 fid，几何字段 geom 使用 CRS 的 SRID，另有 role_scope。

problem_history 只能追加。problems.status 的每次变更（算法、SQL 或在 QGIS 桌面中编辑）都由触发器记入其中，并记下登录用户；算法追加的历史记录（派单、导入、改派）会由触发器写回 problems（状态；派单和改派时还有责任部门）。problems.version 防止更新丢失：提交时带上所读版本号的修改，如果在此期间他人已改过该问题，将被拒绝并指明问题编号。

ROLES：每行一个组角色，«角色名 = department:&lt;部门&gt;»、«角色名 = district:&lt;区代码&gt;» 或 «角色名 = tech»。留空时生成：&lt;schema&gt;_tech；问题目录和数据中每个部门一个 &lt;schema&gt;_dept_&lt;部门&gt;；问题中每个区代码一个 &lt;schema&gt;_district_&lt;代码&gt;。部门角色只能看到并编辑派给本部门的问题，区角色只能看到本区的问题，技术团队可看到并编辑全部。把角色授予登录用户：GRANT &quot;cityhealth_tech&quot; TO alice;</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="65"/>
        <source>Database (saved connection name, URI or connection string)</source>
        <translation>数据库（已保存的连接名、URI 或连接字符串）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="67"/>
        <source>Schema</source>
        <translation>模式（schema）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="68"/>
        <source>CRS of the geometries</source>
        <translation>几何坐标参考系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="70"/>
        <source>Roles (role = department:&lt;name&gt; | district:&lt;code&gt; | tech, one per line)</source>
        <translation>角色（角色名 = department:&lt;部门&gt; | district:&lt;区代码&gt; | tech，每行一个）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="73"/>
        <source>Tables</source>
        <translation>表数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="74"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="86"/>
        <source>Invalid schema or role entry: «{0}».</source>
        <translation>模式名或角色条目无效：«{0}»。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="90"/>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="103"/>
        <source>The database refused: {0}</source>
        <translation>数据库拒绝执行：{0}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="106"/>
        <source>Schema {0}: {1} tables ready ({2}), {3} roles with row-level security.</source>
        <translation>模式 {0}：{1} 张表已就绪（{2}），{3} 个角色已设置行级安全。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="106"/>
        <source>upgraded</source>
        <translation>已升级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="106"/>
        <source>created</source>
        <translation>已新建</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="115"/>
        <source>The CRS {0} has no PostGIS SRID: choose an EPSG CRS.</source>
        <translation>坐标参考系 {0} 没有 PostGIS SRID：请选择 EPSG 坐标系。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="127"/>
        <source>PostGIS is not installed on the database server (Debian: apt-get install postgresql-15-postgis-3).</source>
        <translation>数据库服务器未安装 PostGIS（Debian：apt-get install postgresql-15-postgis-3）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/initdatabase.py" line="138"/>
        <source>The schema {0} already holds geometries in EPSG:{1}, not EPSG:{2}: choose that CRS or another schema.</source>
        <translation>模式 {0} 中已有 EPSG:{1} 的几何，而不是 EPSG:{2}：请选择该坐标系或换一个模式。</translation>
    </message>
</context>
<context>
    <name>JoinReportsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="91"/>
        <source>Join reports to buildings</source>
        <translation>将上报关联到楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="124"/>
        <source>Building library (footprints)</source>
        <translation>楼栋库（楼栋轮廓）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="127"/>
        <source>Alias table (library_aliases)</source>
        <translation>别名表（library_aliases）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="131"/>
        <source>Reports (a .xlsx/.xls/.csv file or a folder)</source>
        <translation>上报（.xlsx/.xls/.csv 文件或文件夹）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="143"/>
        <source>Round (year; 0 = year of the report date)</source>
        <translation>轮次（年份；0 = 取上报日期的年份）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="146"/>
        <source>Coordinates: maximum distance to the nearest footprint (m)</source>
        <translation>坐标：到最近楼栋轮廓的最大距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="149"/>
        <source>Coordinates: CRS of the report coordinates</source>
        <translation>坐标：上报坐标的坐标参考系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="152"/>
        <source>Matched problems</source>
        <translation>已匹配问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="154"/>
        <source>Unmatched reports</source>
        <translation>未匹配上报</translation>
    </message>
    <message>
        <location filename="../processing/library_io.py" line="107"/>
        <source>Building library</source>
        <translation>楼栋库</translation>
    </message>
    <message>
        <location filename="../processing/library_io.py" line="110"/>
        <source>Choose the id, compound and building fields of the library.</source>
        <translation>请选择楼栋库的 ID 字段、小区字段和楼栋字段。</translation>
    </message>
    <message>
        <location filename="../processing/library_io.py" line="116"/>
        <source>The building library has no features.</source>
        <translation>楼栋库中没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/library_io.py" line="137"/>
        <source>The alias table needs the fields alias, compound and kind; it has: {}</source>
        <translation>别名表需要 alias、compound 和 kind 字段；现有字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/library_io.py" line="145"/>
        <source>Library: {} buildings in {} compounds, {} spellings.</source>
        <translation>地址库：楼栋 {} 个，分布于 {} 个小区，写法 {} 种。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="183"/>
        <source>Choose a report file or folder.</source>
        <translation>请选择上报文件或文件夹。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="198"/>
        <source>No report could be read from {}. {}</source>
        <translation>无法从 {} 读取任何上报。{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="242"/>
        <source>Reading reports …</source>
        <translation>正在读取上报 …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="247"/>
        <source>Matching {} rows …</source>
        <translation>正在匹配 {} 行 …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="349"/>
        <source>Matched by: {} ({} at compound level, without a building).</source>
        <translation>匹配方式：{}（其中 {} 条为小区级，无楼栋）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="352"/>
        <source>Unmatched because: {}</source>
        <translation>未匹配原因：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="355"/>
        <source>{} photo names were refused (paths outside the report folder); see photo_missing.</source>
        <translation>{} 个照片名称被拒绝（路径位于上报文件夹之外）；详见 photo_missing。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="364"/>
        <source>Problem catalogue not available ({}): problem codes stay empty.</source>
        <translation>问题目录不可用（{}）：问题编码留空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="255"/>
        <source>Review decisions applied: {} rows placed, {} decisions name a building the library no longer has.</source>
        <translation>已应用复核决定：{} 行已定位到楼栋，{} 条决定指向地址库中已不存在的楼栋。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="114"/>
        <source>An unmatched destination ending in .xlsx is written as the review workbook: the reason in Chinese with what to do and the candidate buildings by name at the left, photos linked relative to the workbook, a header repeated on every printed page and a summary of the reasons. Decisions taken in the review dialog (Plugins → City health check → Review unmatched reports) are kept in the table library_decisions of the alias table's GeoPackage; the next run with that alias table places those rows on the chosen building (match method manual).</source>
        <translation>未匹配输出以 .xlsx 结尾时写为复核表：左侧为中文原因及处理办法和按名称列出的候选楼栋，照片以相对于复核表的路径链接，打印时每页重复表头，并附原因汇总。在复核对话框（插件 → 城市体检 → 核对未匹配上报）中作出的决定保存在别名表所在 GeoPackage 的 library_decisions 表中；下次使用该别名表运行时，这些记录将定位到所选楼栋（匹配方式 manual）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="131"/>
        <source>Reports (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;All files (*)</source>
        <translation>上报文件 (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="342"/>
        <source>Rows read: {read} = matched {matched} + unmatched {unmatched} + blank {blank} + non-data {nondata} + unreadable {unreadable} ({files} files, {sheets} sheets, {skipped} files skipped).</source>
        <translation>读取行数：{read} = 已匹配 {matched} + 未匹配 {unmatched} + 空行 {blank} + 非数据行 {nondata} + 无法读取 {unreadable}（{files} 个文件，{sheets} 个工作表，跳过 {skipped} 个文件）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="94"/>
        <source>Reads grid reports (one .xlsx/.xls/.csv file or a folder of them, every sheet) and joins each row to a building of the standard address library by compound + building + unit, however it is spelt (3号楼, 3#, 三号楼, 第3栋, 天福家园(南区) …), or by a free-text address.

Matching goes exact → alias (library aliases and the alias table, where planners' accepted spellings are kept) → one-character typo within the report's community; ambiguous spellings are never guessed. Reports with coordinates (lon/lat or x/y) that the address does not match are placed by point-in-footprint, then on the nearest footprint within the maximum distance.

Matched rows become points on their building (fields building_id, match_method, match_score, match_level = building, compound_id from the library's compound_id field when it has one); a row that names a compound but no building is a compound-level problem (match_level = compound): building_id stays empty and the point lies in the middle of the compound's buildings. Every other row goes to the unmatched table with a reason (no_compound, no_building, no_unit, ambiguous, empty_address, no_location) and the best candidates. Every row keeps source_file, source_sheet and source_row (the row number seen in the spreadsheet). Rows read = matched + unmatched + blank + non-data (totals, signatures) + unreadable rows. Phone and ID numbers are masked in every column; problem code, category and indicator come from the problem catalogue (the problem text, else the report's problem-type column, else keywords of the description); photos are looked up next to the report file, missing ones are listed.</source>
        <translation>读取网格上报（单个 .xlsx/.xls/.csv 文件或包含此类文件的文件夹，读取所有工作表），并按小区 + 楼栋 + 单元将每一行关联到标准地址库中的楼栋，无论其写法如何（3号楼、3#、三号楼、第3栋、天福家园(南区) …），也可按自由文本地址关联。

匹配顺序依次为：精确匹配 → 别名（地址库别名和别名表，别名表保存规划人员认可的写法）→ 在上报所属社区内容错一个字；有歧义的写法一律不猜测。带有坐标（lon/lat 或 x/y）但地址未能匹配的上报，先按点所在的楼栋轮廓定位，再定位到最大距离内最近的楼栋轮廓。

匹配成功的行生成位于其楼栋上的点（字段 building_id、match_method、match_score、match_level = building，以及地址库有 compound_id 字段时取自该字段的 compound_id）；写了小区但没有楼栋的行视为小区级问题（match_level = compound）：building_id 留空，点位于该小区各楼栋的中间。其他所有行写入未匹配表，并附原因（no_compound、no_building、no_unit、ambiguous、empty_address、no_location）和最佳候选项。每一行都保留 source_file、source_sheet 和 source_row（电子表格中显示的行号）。读取行数 = 已匹配 + 未匹配 + 空行 + 非数据行（合计、签名）+ 无法读取的行。所有列中的电话号码和身份证号都会脱敏处理；问题编码、类别和指标取自问题目录（先按问题文字，其次按上报自带的问题类别列，再按描述中的关键词）；照片在上报文件所在位置查找，缺失的照片会列出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="136"/>
        <source>Compound column (header text, optional)</source>
        <translation>小区列（表头文字，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="137"/>
        <source>Building column (header text, optional)</source>
        <translation>楼栋列（表头文字，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="138"/>
        <source>Unit column (header text, optional)</source>
        <translation>单元列（表头文字，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="139"/>
        <source>Free-text address column (header text, optional)</source>
        <translation>自由文本地址列（表头文字，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="140"/>
        <source>Problem column (header text, optional)</source>
        <translation>问题列（表头文字，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="141"/>
        <source>Community column (header text, optional)</source>
        <translation>社区列（表头文字，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="156"/>
        <source>Rows read</source>
        <translation>读取行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="156"/>
        <source>Rows matched</source>
        <translation>匹配行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="156"/>
        <source>Rows unmatched</source>
        <translation>未匹配行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="156"/>
        <source>Blank rows</source>
        <translation>空行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="156"/>
        <source>Files read</source>
        <translation>读取文件数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="156"/>
        <source>Read issues</source>
        <translation>读取问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="156"/>
        <source>Non-data rows (totals, signatures)</source>
        <translation>非数据行数（合计、签字等）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="156"/>
        <source>Unreadable rows</source>
        <translation>无法读取的行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="292"/>
        <source>Writing {} problem points and {} unmatched rows …</source>
        <translation>正在写入 {} 个问题点位和 {} 条未匹配记录 …</translation>
    </message>
</context>
<context>
    <name>JointManagementAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="85"/>
        <source>Joint management areas (片区联管)</source>
        <translation>片区联管</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="165"/>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="145"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="202"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="109"/>
        <source>Communities (community_code → street_code)</source>
        <translation>社区（community_code → street_code）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="112"/>
        <source>Ledger GeoPackage (open problems)</source>
        <translation>体检台账 GeoPackage（未销号问题）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="114"/>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="116"/>
        <source>Adjacency distance (m)</source>
        <translation>相邻距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="119"/>
        <source>Allow areas across arterial roads</source>
        <translation>允许片区跨越主干路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="121"/>
        <source>Minimum households per area</source>
        <translation>片区最少户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="124"/>
        <source>Maximum households per area</source>
        <translation>片区最多户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="127"/>
        <source>Joint management GeoPackage</source>
        <translation>片区联管 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="127"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="129"/>
        <source>Areas</source>
        <translation>片区数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="130"/>
        <source>Units left out</source>
        <translation>未纳入片区的单元数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="143"/>
        <source>The minimum households ({0}) exceed the maximum ({1}).</source>
        <translation>片区最少户数（{0}）大于最多户数（{1}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="145"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="155"/>
        <source>{0}: missing fields {1}.</source>
        <translation>{0}：缺少字段 {1}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="164"/>
        <source>Units</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="242"/>
        <source>{0} candidate units: {1} in {2} areas, {3} left out; {4} adjacent pairs separated by an arterial road.</source>
        <translation>候选单元 {0} 个：{1} 个纳入 {2} 个片区，{3} 个未纳入；{4} 对相邻单元被主干路分隔。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="42"/>
        <source>its community has no street</source>
        <translation>所在社区无街道归属</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="43"/>
        <source>no valid geometry</source>
        <translation>无有效几何</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="44"/>
        <source>more households than the area maximum: manage it on its own</source>
        <translation>户数超过片区上限，宜单独管理</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="46"/>
        <source>no unit without property management within the distance in the same street and on the same side of arterial roads</source>
        <translation>相邻距离内无同一街道、且未被主干路分隔的无物业单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="49"/>
        <source>with its adjacent units it stays below the area minimum</source>
        <translation>与相邻单元合计户数仍不足片区下限</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="53"/>
        <source>small area: one property service post, 2–3 staff</source>
        <translation>小型片区：设1个物业服务站，专职管理员2–3人</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="55"/>
        <source>medium area: one property service centre, 4–8 staff</source>
        <translation>中型片区：设1个物业服务中心，专职管理员4–8人</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="57"/>
        <source>large area: a service centre with branch posts, 9 or more staff</source>
        <translation>大型片区：物业服务中心加分站，专职管理员9人以上</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="88"/>
        <source>Candidate units are the compounds without property management (has_property = 0) and the scattered buildings (is_scattered = 1 or no compound_id). Two units are adjacent when their polygons are at most DISTANCE metres apart, in the same street (街道, from the community's street_code) and the shortest line between them crosses no arterial road (road_class = arterial), unless ALLOW_ARTERIAL. Street by street, the unassigned unit with the smallest id seeds an area, which grows by the nearest adjacent unit (then the smaller id) while the households stay at most MAX_HOUSEHOLDS; an area needs two members and MIN_HOUSEHOLDS.

Output GeoPackage: jointmanagement_areas (convex hull of the members, so the back streets and public spaces between them are attached, minus the other compounds it covers; back_streets lists the alley and branch roads inside; problems = open problems of ROUND in the ledger; scale = suggested management scale) and jointmanagement_units (every candidate unit with its area_id, or the reason it was left out).</source>
        <translation>候选单元为无物业管理的小区（has_property = 0）和散楼（is_scattered = 1 或无 compound_id）。两个单元的多边形相距不超过 DISTANCE 米、属同一街道（由社区的 street_code 确定），且二者之间的最短连线不穿越主干路（road_class = arterial，除非勾选 ALLOW_ARTERIAL）时视为相邻。按街道逐一处理：编号最小的未分配单元作为片区起点，依次并入距离最近的相邻单元（距离相同取编号较小者），直至户数超过 MAX_HOUSEHOLDS；片区至少包含两个单元且户数不少于 MIN_HOUSEHOLDS。

输出 GeoPackage：jointmanagement_areas（成员的凸包，成员之间的背街小巷和公共空间一并纳入，扣除其覆盖的其他小区；back_streets 列出其中的小巷和支路；problems 为台账中 ROUND 轮次未销号的问题数；scale 为建议管理规模）和 jointmanagement_units（每个候选单元及其 area_id，或未纳入的原因）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/jointmanagement.py" line="131"/>
        <source>Joint-management areas (layer, for models)</source>
        <translation>片区联管区域（图层，供模型使用）</translation>
    </message>
</context>
<context>
    <name>LayerStyles</name>
    <message>
        <location filename="../processing/layer_styles.py" line="351"/>
        <source>Round to show in the map (0 = the latest in the ledger)</source>
        <translation>在地图中显示的轮次（0 = 台账中最新的一轮）</translation>
    </message>
</context>
<context>
    <name>LedgerStore</name>
    <message>
        <location filename="../processing/store.py" line="128"/>
        <source>There is no saved PostgreSQL connection «{0}» in QGIS (Browser → PostgreSQL → New Connection).</source>
        <translation>QGIS 中没有名为«{0}»的已保存 PostgreSQL 连接（浏览器 → PostgreSQL → 新建连接）。</translation>
    </message>
    <message>
        <location filename="../processing/store.py" line="132"/>
        <source>«{0}» names no database: write postgresql://user@host:port/dbname, PG:dbname=… host=…, or pg:&lt;saved connection&gt;.</source>
        <translation>«{0}»不是数据库：请写 postgresql://用户@主机:端口/库名、PG:dbname=… host=… 或 pg:&lt;已保存连接&gt;。</translation>
    </message>
    <message>
        <location filename="../processing/store.py" line="344"/>
        <source>Cannot connect to the database {0}: {1}</source>
        <translation>无法连接数据库 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../processing/store.py" line="380"/>
        <source>The database {0} refused a statement: {1}</source>
        <translation>数据库 {0} 拒绝执行语句：{1}</translation>
    </message>
    <message>
        <location filename="../processing/store.py" line="339"/>
        <source>Cannot open a transaction on {0}.</source>
        <translation>无法在 {0} 上开启事务。</translation>
    </message>
    <message>
        <location filename="../processing/store.py" line="350"/>
        <source>PostGIS is not installed in the database {0}: its owner runs CREATE EXTENSION postgis (or cityhealth:initdatabase sets the database up).</source>
        <translation>数据库 {0} 未安装 PostGIS：请由其所有者执行 CREATE EXTENSION postgis（或用 cityhealth:initdatabase 初始化数据库）。</translation>
    </message>
    <message>
        <location filename="../processing/store.py" line="482"/>
        <source>Cancelled: nothing was written to the database.</source>
        <translation>已取消：未向数据库写入任何内容。</translation>
    </message>
    <message>
        <location filename="../processing/store.py" line="371"/>
        <source>The database {0} did not commit: {1}</source>
        <translation>数据库 {0} 未能提交：{1}</translation>
    </message>
    <message>
        <location filename="../processing/store.py" line="617"/>
        <source>Cannot open {0} of {1}.</source>
        <translation>无法打开 {1} 中的 {0}。</translation>
    </message>
</context>
<context>
    <name>LibraryFields</name>
    <message>
        <location filename="../processing/base.py" line="53"/>
        <source>Building id field</source>
        <translation>楼栋编号字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="54"/>
        <source>Compound name field</source>
        <translation>小区名称字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="55"/>
        <source>Building number field</source>
        <translation>楼栋号字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="56"/>
        <source>Number of units field</source>
        <translation>单元数字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="57"/>
        <source>Community field</source>
        <translation>社区字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="58"/>
        <source>Grid field</source>
        <translation>网格字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="250"/>
        <source>{label} (default: {field})</source>
        <translation>{label}（默认：{field}）</translation>
    </message>
</context>
<context>
    <name>MapExportDialog</name>
    <message>
        <location filename="../dialogs/map_export.py" line="60"/>
        <source>Export maps</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="68"/>
        <source>Ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="70"/>
        <source>Atlas (PDF)</source>
        <translation>图集（PDF）</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="71"/>
        <source>Thematic maps (PNG and PDF)</source>
        <translation>专题图（PNG 和 PDF）</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="72"/>
        <source>What</source>
        <translation>导出内容</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="74"/>
        <source>Block</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="74"/>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="74"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="80"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="83"/>
        <source>latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="84"/>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="86"/>
        <source>ind_house_001, cat_gas … (empty = all)</source>
        <translation>ind_house_001, cat_gas …（留空 = 全部）</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="87"/>
        <source>Indicators</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="89"/>
        <source>A3 landscape</source>
        <translation>A3 横版</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="90"/>
        <source>A4 portrait</source>
        <translation>A4 竖版</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="92"/>
        <source>A shipped template or the path of your own .qpt</source>
        <translation>内置模板或自定义 .qpt 的路径</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="93"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="96"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="98"/>
        <source>Screen (150 dpi)</source>
        <translation>屏幕（150 dpi）</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="99"/>
        <source>Print (300 dpi)</source>
        <translation>印刷（300 dpi）</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="100"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="103"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="111"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="112"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="113"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="120"/>
        <source>Preview of the first page</source>
        <translation>第一页预览</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="182"/>
        <source>Choose the ledger GeoPackage first.</source>
        <translation>请先选择台账 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="186"/>
        <source>The algorithm {id} is not available.</source>
        <translation>算法 {id} 不可用。</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="204"/>
        <source>Preparing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="204"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="233"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何文件。</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="233"/>
        <source>The export failed; see the Processing log.</source>
        <translation>导出失败，请查看处理工具日志。</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="249"/>
        <source>Preview of the first unit page.</source>
        <translation>第一个单元页的预览。</translation>
    </message>
    <message>
        <location filename="../dialogs/map_export.py" line="253"/>
        <source>Wrote {n} files into {folder}.</source>
        <translation>已向 {folder} 写出 {n} 个文件。</translation>
    </message>
</context>
<context>
    <name>MatchReviewDialog</name>
    <message>
        <location filename="../dialogs/match_review.py" line="98"/>
        <source>Review unmatched reports</source>
        <translation>核对未匹配上报</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="116"/>
        <source>Unmatched reports</source>
        <translation>未匹配上报</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="117"/>
        <source>Address library (buildings)</source>
        <translation>地址库（楼栋）</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="118"/>
        <source>Building ID field</source>
        <translation>楼栋 ID 字段</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="119"/>
        <source>Compound field</source>
        <translation>小区字段</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="120"/>
        <source>Building number field</source>
        <translation>楼号字段</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="121"/>
        <source>Alias table</source>
        <translation>别名表</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="124"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="124"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="124"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="124"/>
        <source>Address as written</source>
        <translation>原始地址</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="124"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="155"/>
        <source>Candidates</source>
        <translation>候选项</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="138"/>
        <source>Pick building on map</source>
        <translation>在地图上选取楼栋</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="142"/>
        <source>Zoom to candidate</source>
        <translation>缩放至候选项</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="144"/>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="148"/>
        <source>Accept and remember</source>
        <translation>接受并记住</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="351"/>
        <source>Click a building on the map</source>
        <translation>在地图上点击楼栋</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="391"/>
        <source>Choose a report row and a candidate first</source>
        <translation>请先选择一条上报行和一个候选项</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="432"/>
        <source>Choose the alias table (library_aliases) first</source>
        <translation>请先选择别名表（library_aliases）</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="436"/>
        <source>The alias table lacks the fields: {}</source>
        <translation>别名表缺少字段：{}</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="444"/>
        <source>Could not write to the alias table: {}</source>
        <translation>无法写入别名表：{}</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="139"/>
        <source>Click the building on the map canvas; for a row whose compound is known the map shows that compound first</source>
        <translation>在地图画布上点选楼栋；若该行的小区已知，地图先显示该小区</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="145"/>
        <source>Store the chosen building for this report in the library&apos;s decisions table; the next run places the report there</source>
        <translation>将所选楼栋作为该条上报的复核决定存入地址库的决定表；下次运行时该条上报将定位到此楼栋</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="149"/>
        <source>Accept, and store this spelling of the compound in the alias table, so the next run matches other reports with it automatically</source>
        <translation>接受，并将该小区写法存入别名表，下次运行时其他使用此写法的上报将自动匹配</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="233"/>
        <source>Choose the unmatched table (output UNMATCHED of Join reports)</source>
        <translation>请选择未匹配表（“将上报关联到楼栋”的 UNMATCHED 输出）</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="237"/>
        <source>{} is not an unmatched table: it lacks the fields reason, candidates, source_file and source_row</source>
        <translation>{} 不是未匹配表：缺少 reason、candidates、source_file、source_row 字段</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="264"/>
        <source>{} unmatched rows, {} decided</source>
        <translation>{} 条未匹配记录，已复核 {} 条</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="360"/>
        <source>Picked {}: press Accept to keep it</source>
        <translation>已点选 {}：点击“接受”保存</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="395"/>
        <source>Choose the alias table (library_aliases of the address library GeoPackage) first: decisions are stored next to it</source>
        <translation>请先选择别名表（地址库 GeoPackage 中的 library_aliases）：复核决定保存在同一文件中</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="412"/>
        <source>Could not store the decision in {}: {}</source>
        <translation>无法将复核决定写入 {}：{}</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="418"/>
        <source>Accepted and remembered: {} → {}</source>
        <translation>已接受并记住：{} → {}</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="421"/>
        <source>Accepted: {}; the compound name was already known</source>
        <translation>已接受：{}；该小区名称已在地址库中</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="424"/>
        <source>Accepted: {}; the next run places this report there</source>
        <translation>已接受：{}；下次运行时该条上报将定位到此楼栋</translation>
    </message>
</context>
<context>
    <name>ParkingAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/parking.py" line="56"/>
        <source>Parking supply and demand</source>
        <translation>停车供需</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="59"/>
        <source>Parking supply and demand per compound and block (停车泊位缺口).

Demand: the registered vehicles of a compound (VEHICLES_FIELD) when given, else households × RATE (car ownership per household), rounded half up.
Supply, each bay counted once: bays (CAPACITY_FIELD) of the parking lots inside a compound belong to it; a public lot outside every compound, and the legal on-street bays of a road (STREET_BAYS_FIELD, optional), are shared among the compounds within RADIUS (straight-line distance to the compound's polygon) in proportion to their remaining need (demand − bays already counted), whole bays by the largest remainder, never more than a compound needs; what nobody needs stays spare. Sources are taken in order of their id.
gap = demand − supply (negative: surplus), gap_ratio = gap ÷ demand, shortfall = max(gap, 0) is IND-COMM-015 停车泊位缺口数: the optional STATS table (unit_id, indicator_code, value; compounds and blocks) is what cityhealth:assess reads as its statistics table.
A compound belongs to the block holding most of its area; block figures are the sums of their compounds.
Reports of the CATEGORIES (default PARKING: 乱停乱放, 占用消防通道, 车位不足 …) of ROUND in the problems layer of LEDGER (the ledger GeoPackage) are counted on the nearest road within REPORT_DISTANCE; roads with at least MIN_REPORTS are flagged.</source>
        <translation>按小区和街区计算停车供需（停车泊位缺口）。

需求：给出登记车辆数字段（VEHICLES_FIELD）时取登记车辆数，否则为户数 × RATE（户均汽车保有量），四舍五入到整车。
供给，每个泊位只计一次：小区内停车场的泊位（CAPACITY_FIELD）归该小区；小区外的公共停车场以及道路的合法路内泊位（STREET_BAYS_FIELD，可选）由 RADIUS 范围内（到小区面的直线距离）的小区按剩余需求（需求 − 已计泊位）比例分配，按最大余数法取整，分配给一个小区的不超过其需求；无人需要的部分记为富余。各供给来源按编码顺序处理。
缺口 gap = 需求 − 供给（负值为富余），缺口率 gap_ratio = 缺口 ÷ 需求，shortfall = max(缺口, 0) 即 IND-COMM-015 停车泊位缺口数：可选的 STATS 表（unit_id, indicator_code, value；小区和街区）可作为 cityhealth:assess 的统计表读入。
小区归属其面积大部分所在的街区；街区数值为其小区之和。
LEDGER（台账 GeoPackage）的 problems 图层中 ROUND 轮次、属于 CATEGORIES（默认 PARKING：乱停乱放、占用消防通道、车位不足 …）的问题，计入 REPORT_DISTANCE 内最近的道路；问题数不少于 MIN_REPORTS 的道路被标记。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="140"/>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="83"/>
        <source>Compound id field</source>
        <translation>小区编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="85"/>
        <source>Compound name field</source>
        <translation>小区名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="87"/>
        <source>Households field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="89"/>
        <source>Registered vehicles field (optional)</source>
        <translation>登记车辆数字段（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="91"/>
        <source>Cars per household (when no vehicles are given)</source>
        <translation>户均汽车保有量（未给登记车辆数时）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="140"/>
        <source>Blocks</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="95"/>
        <source>Block id field</source>
        <translation>街区编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="97"/>
        <source>Facilities (parking lots)</source>
        <translation>设施（停车场）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="99"/>
        <source>Facility type field</source>
        <translation>设施类型字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="101"/>
        <source>Facility type of parking lots</source>
        <translation>停车场的设施类型</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="103"/>
        <source>Bays field of the parking lots</source>
        <translation>停车场泊位数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="105"/>
        <source>Roads (centre-lines)</source>
        <translation>道路（中心线）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="107"/>
        <source>Road id field</source>
        <translation>道路编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="108"/>
        <source>Legal on-street bays field (optional)</source>
        <translation>合法路内泊位数字段（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="110"/>
        <source>Walking radius to public lots and on-street bays</source>
        <translation>到公共停车场和路内泊位的步行半径</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="113"/>
        <source>Ledger GeoPackage (its problems layer)</source>
        <translation>台账 GeoPackage（其 problems 图层）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="115"/>
        <source>Round of the problems (0: all)</source>
        <translation>问题轮次（0：全部）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="118"/>
        <source>Problem categories of parking (comma separated)</source>
        <translation>停车类问题大类（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="120"/>
        <source>Largest distance from a report to its road</source>
        <translation>问题点到所属道路的最大距离</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="123"/>
        <source>Reports that flag a road</source>
        <translation>标记道路所需的问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="126"/>
        <source>Parking per compound</source>
        <translation>小区停车供需</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="128"/>
        <source>Parking per block</source>
        <translation>街区停车供需</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="130"/>
        <source>Roads with parking reports</source>
        <translation>乱停车道路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="133"/>
        <source>IND-COMM-015 statistics table</source>
        <translation>IND-COMM-015 统计表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="133"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="164"/>
        <source>{0} compounds have neither vehicles nor households: no demand (e.g. {1}).</source>
        <translation>{0} 个小区既无登记车辆数也无户数：无法计算需求（例如 {1}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="177"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="191"/>
        <source>{0} compounds, {1} parking lots ({2} inside compounds), {3} roads with on-street bays; {4} shared bays spare (no compound within reach needs them).</source>
        <translation>{0} 个小区，{1} 个停车场（其中 {2} 个在小区内），{3} 条道路有路内泊位；共享泊位富余 {4} 个（步行范围内没有小区需要）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="235"/>
        <source>Facilities</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="255"/>
        <source>{0} parking lots without a location or a number of bays were left out.</source>
        <translation>{0} 个停车场缺少位置或泊位数，未计入。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parking.py" line="288"/>
        <source>{0} parking reports: {1} on a road, {2} farther than the report distance or without location.</source>
        <translation>停车类问题 {0} 条：{1} 条落到道路上，{2} 条超出距离或无位置。</translation>
    </message>
</context>
<context>
    <name>PlannerErrors</name>
    <message>
        <location filename="../processing/base.py" line="88"/>
        <source>{path} is open in another program or locked ({error}). Close it there (Excel, WPS, another QGIS) and run the algorithm again.</source>
        <translation>{path} 已被其他程序打开或锁定（{error}）。请在该程序（Excel、WPS、另一个 QGIS）中关闭它，然后重新运行算法。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="91"/>
        <source>The disk is full: {path} could not be written ({error}). Free some space or choose a folder on another disk, then run again.</source>
        <translation>磁盘已满：无法写入 {path}（{error}）。请释放磁盘空间或选择其他磁盘上的文件夹，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="94"/>
        <source>{path} does not exist (any more) ({error}): it was moved or deleted while the algorithm ran, e.g. a photo. Put it back or correct the report, then run again.</source>
        <translation>{path} 不存在（或已不存在）（{error}）：它在算法运行期间被移动或删除，例如一张照片。请放回该文件或更正报表，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="97"/>
        <source>Permission denied for {path} ({error}). If it is open in another program (Excel, WPS), close it there; otherwise choose a file or folder you may write to, or ask your administrator for access.</source>
        <translation>没有 {path} 的访问权限（{error}）。如果它已在其他程序（Excel、WPS）中打开，请先在该程序中关闭；否则请选择您有写入权限的文件或文件夹，或请管理员开通权限。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="101"/>
        <source>{path} lies in a read-only folder or disk ({error}). Choose a folder you may write to.</source>
        <translation>{path} 位于只读文件夹或只读磁盘（{error}）。请选择您可以写入的文件夹。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="104"/>
        <source>The folder of {path} does not exist or is a file ({error}). Choose an existing folder.</source>
        <translation>{path} 所在的文件夹不存在或是一个文件（{error}）。请选择一个已存在的文件夹。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="107"/>
        <source>Could not read or write {path}: {error}. Check the file and its folder (open elsewhere? enough space? allowed to write?) and run again.</source>
        <translation>无法读取或写入 {path}：{error}。请检查该文件及其文件夹（是否被其他程序打开？空间是否足够？是否有写入权限？），然后重新运行。</translation>
    </message>
</context>
<context>
    <name>PolygonIndex</name>
    <message>
        <location filename="../processing/geometry.py" line="389"/>
        <source>{0} {1}: invalid geometry repaired.</source>
        <translation>{0} {1}：无效几何已修复。</translation>
    </message>
    <message>
        <location filename="../processing/geometry.py" line="389"/>
        <source>{0} {1}: sliver parts removed.</source>
        <translation>{0} {1}：已移除细碎部分。</translation>
    </message>
    <message>
        <location filename="../processing/geometry.py" line="389"/>
        <source>{0} {1}: NULL or EMPTY geometry; kept without geometry.</source>
        <translation>{0} {1}：几何为空（NULL 或 EMPTY），保留但无几何。</translation>
    </message>
    <message>
        <location filename="../processing/geometry.py" line="389"/>
        <source>{0} {1}: geometry could not be repaired (no area left); kept without geometry.</source>
        <translation>{0} {1}：几何无法修复（修复后无面积），保留但无几何。</translation>
    </message>
    <message>
        <location filename="../processing/geometry.py" line="377"/>
        <source>{0} feature {1} has no {2}: kept as {3}.</source>
        <translation>{0}要素 {1} 没有 {2}：保留为 {3}。</translation>
    </message>
    <message>
        <location filename="../processing/geometry.py" line="401"/>
        <source>{0}: … and {1} more ({2}).</source>
        <translation>{0}：…… 另有 {1} 个（{2}）。</translation>
    </message>
    <message>
        <location filename="../processing/geometry.py" line="404"/>
        <source>{0}: {1} ids came in several pieces ({2} extra pieces); each was merged into one multipolygon.</source>
        <translation>{0}：{1} 个编码由多个碎片组成（多出 {2} 个碎片），每个编码已合并为一个多面。</translation>
    </message>
</context>
<context>
    <name>PostgresConnection</name>
    <message>
        <location filename="../processing/pg.py" line="31"/>
        <source>QGIS has no PostgreSQL provider here (install the package qgis-providers).</source>
        <translation>此 QGIS 没有 PostgreSQL 数据提供者（请安装 qgis-providers 软件包）。</translation>
    </message>
    <message>
        <location filename="../processing/pg.py" line="69"/>
        <source>No database given: type a saved PostgreSQL connection name or a URI.</source>
        <translation>未指定数据库：请输入已保存的 PostgreSQL 连接名或 URI。</translation>
    </message>
    <message>
        <location filename="../processing/pg.py" line="77"/>
        <source>There is no saved PostgreSQL connection «{0}». Saved connections: {1}</source>
        <translation>没有名为 «{0}» 的已保存 PostgreSQL 连接。已保存的连接：{1}</translation>
    </message>
</context>
<context>
    <name>ProblemGridAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="55"/>
        <source>Problem grid, density and clusters</source>
        <translation>问题格网、核密度与聚类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="58"/>
        <source>Where the problems are: counts per category (cat_&lt;category&gt;), problems_total, households and per_100hh (problems per 100 households; households of the BUILDINGS whose centroid lies in the unit) on a square or hexagon grid of CELL_SIZE (QGIS's Create grid) and per zone (ZONES, e.g. blocks, id ZONE_FIELD). Only cells with households, problems or complaints are written.

Per problem type (CATEGORY_FIELD) with at least MIN_SIZE problems: a kernel density raster (QGIS's Heatmap, RADIUS, PIXEL_SIZE; 核密度_&lt;type&gt;.tif in DENSITY_FOLDER) and DBSCAN clusters (QGIS's DBSCAN clustering, EPS, MIN_SIZE): every problem point with its cluster_id (NULL: noise) and cluster_size.

Double-high (double_high = 1): cells and zones where the problems and the residents' complaints both exceed the PERCENTILE of the cells (zones) that have households, problems or complaints. This needs a point layer of located complaints (COMPLAINTS, e.g. the satisfaction survey's demands or 12345 hotline calls with coordinates); without it complaints and double_high are NULL. A geographic CRS is worked in its UTM zone (metres).</source>
        <translation>问题分布：在边长 CELL_SIZE 的正方形或六边形格网（QGIS「创建格网」）上和各分区（ZONES，如街区，编号字段 ZONE_FIELD）统计各类问题数（cat_&lt;类别&gt;）、problems_total、户数 households 和 per_100hh（每百户问题数；户数取质心落在该单元内的 BUILDINGS）。只输出有户数、问题或诉求的格网单元。

对问题数不少于 MIN_SIZE 的每类问题（CATEGORY_FIELD）：核密度栅格（QGIS「热力图」，RADIUS、PIXEL_SIZE；DENSITY_FOLDER 中的 核密度_&lt;类别&gt;.tif）和 DBSCAN 聚类（QGIS「DBSCAN 聚类」，EPS、MIN_SIZE）：每个问题点及其 cluster_id（NULL 为噪声点）和 cluster_size。

「双高」区域（double_high = 1）：问题数和居民诉求数都超过（&gt;）有户数、问题或诉求的格网单元（分区）的 PERCENTILE 百分位数。需要已定位的诉求点图层（COMPLAINTS，如带坐标的满意度调查诉求或 12345 热线工单）；未提供时 complaints 和 double_high 为 NULL。地理坐标系在其 UTM 分带（米）中计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="76"/>
        <source>Problems (points)</source>
        <translation>问题（点）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="78"/>
        <source>Problem type field (default: category)</source>
        <translation>问题类别字段（默认：category）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="81"/>
        <source>Buildings with households (optional)</source>
        <translation>含户数的楼栋（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="83"/>
        <source>Households field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="86"/>
        <source>Zones, e.g. blocks (optional)</source>
        <translation>分区，如街区（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="88"/>
        <source>Zone id field</source>
        <translation>分区编号字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="90"/>
        <source>Residents&apos; complaints (points, optional)</source>
        <translation>居民诉求（点，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="92"/>
        <source>Double-high percentile</source>
        <translation>「双高」百分位数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="221"/>
        <source>Grid</source>
        <translation>格网</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="95"/>
        <source>Square</source>
        <translation>正方形</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="95"/>
        <source>Hexagon</source>
        <translation>六边形</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="97"/>
        <source>Cell size</source>
        <translation>格网边长</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="97"/>
        <source>Kernel density radius</source>
        <translation>核密度搜索半径</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="97"/>
        <source>Density pixel size</source>
        <translation>核密度像元大小</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="97"/>
        <source>DBSCAN distance (EPS)</source>
        <translation>DBSCAN 距离（EPS）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="103"/>
        <source>DBSCAN minimum cluster size</source>
        <translation>DBSCAN 最小聚类规模</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="106"/>
        <source>Problem grid</source>
        <translation>问题格网</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="108"/>
        <source>Problems per zone</source>
        <translation>分区问题统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="110"/>
        <source>Problem clusters (DBSCAN)</source>
        <translation>问题聚类（DBSCAN）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="112"/>
        <source>Kernel density rasters folder</source>
        <translation>核密度栅格文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="134"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="142"/>
        <source>The problems layer has no field «{0}».</source>
        <translation>问题图层没有字段「{0}」。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="146"/>
        <source>{0} is a geographic CRS: working in {1} (metres).</source>
        <translation>{0} 是地理坐标系：在 {1}（米）中计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="174"/>
        <source>No complaints layer: complaints and double_high are NULL.</source>
        <translation>未提供诉求图层：complaints 和 double_high 为 NULL。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="186"/>
        <source>Zones</source>
        <translation>分区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="207"/>
        <source>The problems layer has no located problem.</source>
        <translation>问题图层中没有已定位的问题。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="251"/>
        <source>{0}: double-high where problems &gt; {1:g} and complaints &gt; {2:g} (percentile {3:g}).</source>
        <translation>{0}：问题数 &gt; {1:g} 且诉求数 &gt; {2:g}（第 {3:g} 百分位数）为「双高」。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="282"/>
        <source>{0}: {1} problems lie in no unit.</source>
        <translation>{0}：{1} 个问题不在任何单元内。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/problemgrid.py" line="346"/>
        <source>{0} DBSCAN clusters over {1} problem types.</source>
        <translation>共 {1} 类问题，DBSCAN 聚类 {0} 个。</translation>
    </message>
</context>
<context>
    <name>RemediationStatsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="53"/>
        <source>Remediation statistics</source>
        <translation>整改统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="56"/>
        <source>Statistics of the closed loop from the ledger's problem_history, per responsible department, district, street and round (one sheet each in the .xlsx): assigned (problems dispatched), fixed (assigned and now 已整改 or 已复核), verified (now 已复核), rectification rate (fixed ÷ assigned), overdue (assigned, not 已整改/已复核/无法整改, and past the 整改期限 of the dispatch in force on AS_OF), median days from that dispatch to the last 已整改, reopened (problems that went from 已整改/已复核 back to 整改中) and recurred (problems of the later round that comparerounds labelled recurred).

The block and district layers carry the same figures for ROUND on the ledger's block and district polygons, for maps. AS_OF is YYYY-MM-DD (empty: today).</source>
        <translation>根据台账的 problem_history 统计工单闭环，按责任部门、区、街道和轮次（.xlsx 中各一个工作表）：派单数（已派单的问题）、已整改（已派单且当前为已整改或已复核）、已复核（当前为已复核）、整改率（已整改 ÷ 派单数）、逾期未整改（已派单、不是已整改/已复核/无法整改，且在 AS_OF 日已超过当前派单的整改期限）、从该次派单到最后一次已整改的天数中位数、复发（从已整改/已复核回到整改中的问题）和下轮复现（comparerounds 标记为复发的后一轮问题）。

街区和区图层在台账的街区、区面上给出 ROUND 轮的同样数字，用于制图。AS_OF 为 YYYY-MM-DD（空：今天）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="68"/>
        <source>Ledger GeoPackage</source>
        <translation>体检台账 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="70"/>
        <source>Round of the block and district layers</source>
        <translation>街区和区图层的轮次</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="73"/>
        <source>Overdue as of (YYYY-MM-DD; empty: today)</source>
        <translation>逾期判定日期（YYYY-MM-DD；空：今天）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="75"/>
        <source>Statistics workbook</source>
        <translation>统计工作簿</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="75"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="77"/>
        <source>Statistics per block</source>
        <translation>按街区统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="79"/>
        <source>Statistics per district</source>
        <translation>按区统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="89"/>
        <source>AS_OF «{0}» is not a date (YYYY-MM-DD).</source>
        <translation>AS_OF“{0}”不是日期（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/remediationstats.py" line="114"/>
        <source>Round {0}: {1} assigned, {2} fixed ({3:.1%}), {4} verified, {5} overdue, {6} reopened, {7} recurred.</source>
        <translation>第 {0} 轮：派单 {1}，已整改 {2}（{3:.1%}），已复核 {4}，逾期 {5}，复发 {6}，下轮复现 {7}。</translation>
    </message>
</context>
<context>
    <name>RenovationPackageAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="55"/>
        <source>Comprehensive renovation package (综合改一次)</source>
        <translation>综合改一次</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="58"/>
        <source>Per compound, the open problems of ROUND in the ledger (status not 已整改 / 已复核) trigger the items of the cost table (COSTS, default resources/renovation_costs.csv: item, name_cn, unit, unit_cost in 元, basis, triggers = problem codes or categories, safety, source — typical 2023 old-compound renovation prices, to be replaced by the city's own). Quantities are measured on the buildings that reported the problem (all buildings for a compound-level problem): roof area = footprint area, facade area = perimeter × storeys × STOREY_HEIGHT, pipe length ≈ footprint perimeters, entrances, lifts for 4+ storeys without a lift, road area = (compound area − footprints) × ROAD_SHARE.

Outputs: a layer of the compounds with their total and rank, and an .xlsx with the city summary ranked by need (compounds with safety items first, then open problems per household) and the bill of quantities of every compound.</source>
        <translation>逐个小区，将台账中 ROUND 轮次的未销号问题（状态不是已整改/已复核）对应到单价表（COSTS，默认 resources/renovation_costs.csv：item 项目、name_cn 名称、unit 单位、unit_cost 综合单价（元）、basis 计量依据、triggers 触发的问题编码或类别、safety 是否安全类、source 单价来源——为典型的2023年老旧小区改造价格，应以本市造价信息替换）中的改造项目。工程量按上报该问题的楼栋计量（小区级问题按小区全部楼栋）：屋面面积=基底面积，外墙面积=周长×层数×层高 STOREY_HEIGHT，管线长度≈基底周长之和，单元数，4层及以上无电梯楼栋加装电梯，道路面积=(小区面积−基底面积)×ROAD_SHARE。

输出：带总价和排序的小区图层，以及 .xlsx：按需求排序的城市汇总（有安全类项目的小区优先，其次按户均未销号问题数）和每个小区的工程量清单。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="73"/>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="74"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="75"/>
        <source>Ledger GeoPackage</source>
        <translation>体检台账 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="77"/>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="79"/>
        <source>Cost table (CSV; empty: the shipped defaults)</source>
        <translation>单价表（CSV；留空则用内置默认单价）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="82"/>
        <source>Storey height (m)</source>
        <translation>层高（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="85"/>
        <source>Share of the open space that is road</source>
        <translation>道路占小区空地的比例</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="88"/>
        <source>Renovation packages</source>
        <translation>综合改一次（小区）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="90"/>
        <source>Bill of quantities</source>
        <translation>工程量清单</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="90"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="106"/>
        <source>Cannot read the cost table {0}: {1}</source>
        <translation>无法读取单价表 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/renovationpackage.py" line="171"/>
        <source>{0} compounds, {1} with renovation items, {2:,.0f} 元 in total.</source>
        <translation>共 {0} 个小区，其中 {1} 个有改造项目，估算总价 {2:,.0f} 元。</translation>
    </message>
</context>
<context>
    <name>ResidentVoiceAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="67"/>
        <source>Residents&apos; voice (satisfaction and complaints)</source>
        <translation>居民诉求（满意度与投诉）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="90"/>
        <source>Building library (footprints)</source>
        <translation>楼栋地址库（楼栋轮廓）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="93"/>
        <source>Alias table (library_aliases)</source>
        <translation>别名表（library_aliases）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="96"/>
        <source>Satisfaction surveys (.xlsx file or folder)</source>
        <translation>满意度调查（.xlsx 文件或文件夹）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="96"/>
        <source>Workbooks (*.xlsx *.xlsm);;All files (*)</source>
        <translation>工作簿 (*.xlsx *.xlsm);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="100"/>
        <source>Complaint lists (file or folder, optional)</source>
        <translation>投诉清单（文件或文件夹，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="100"/>
        <source>Tables (*.xlsx *.xls *.csv);;All files (*)</source>
        <translation>表格 (*.xlsx *.xls *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="104"/>
        <source>Complaint text column (header text)</source>
        <translation>投诉内容列（表头文字）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="106"/>
        <source>Keyword dictionary (CSV keyword,category; optional)</source>
        <translation>关键词词典（CSV keyword,category；可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="109"/>
        <source>Round (year)</source>
        <translation>轮次（年份）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="112"/>
        <source>Demands listed per area</source>
        <translation>每个区域列出的诉求数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="115"/>
        <source>Satisfaction per area</source>
        <translation>各区域满意度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="117"/>
        <source>Demands ranked per area</source>
        <translation>各区域诉求排序</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="119"/>
        <source>Complaint points (citizen-reported problems)</source>
        <translation>投诉点（市民反映的问题）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="122"/>
        <source>Rows not used, with reasons</source>
        <translation>未使用的行及原因</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="124"/>
        <source>Survey rows read</source>
        <translation>调查读取行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="124"/>
        <source>Survey rows used</source>
        <translation>调查使用行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="124"/>
        <source>Blank survey rows</source>
        <translation>调查空行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="124"/>
        <source>Rejected survey rows</source>
        <translation>调查拒收行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="124"/>
        <source>Complaint rows read</source>
        <translation>投诉读取行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="124"/>
        <source>Complaints placed</source>
        <translation>已定位投诉数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="152"/>
        <source>Survey rows read: {} = used {} + blank {} + rejected {} ({} blank answers; personal columns not copied: {}; other columns ignored: {}).</source>
        <translation>调查读取行数：{} = 使用 {} + 空行 {} + 拒收 {}（空白回答 {} 个；未复制的个人信息列：{}；忽略的其他列：{}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="280"/>
        <source>Complaint rows read: {} = placed {} + not placed {} + blank {} + non-data {} + unreadable {}.</source>
        <translation>投诉读取行数：{} = 已定位 {} + 未定位 {} + 空行 {} + 非数据行 {} + 无法读取 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/residentvoice.py" line="70"/>
        <source>Reads satisfaction surveys (满意度调查 workbooks: one file or a folder; columns 小区, 社区名, one column per question scored 1–5, 诉求) and complaint lists (WeChat-group or hotline exports with a free-text address and a text column). Survey rows read = used + blank + rejected; every rejected row (score outside 1–5 or not a number, no compound) and every complaint that could not be placed is listed with file, sheet, row and reason in the unused table. Personal columns (姓名, 电话 …) are never copied; phone and ID numbers in text are masked.

Satisfaction: per compound, community and block (the library's block_id), the mean of each question, the overall score (the 总体满意度 question, else the mean of every answer) and the number of responses. Demands: survey demands and complaints classified into problem categories, by the editable dictionary (CSV keyword,category; the shipped one when empty) and then the catalogue's keywords, ranked per area by frequency, then severity.

Complaint points carry the fields of joined reports plus source = citizen (reporter = 市民; problem = the catalogue's name of the problem found in the text, the text itself in description): give them to Build ledger as its complaint points (COMPLAINTS), and the ledger, the assessment and the atlas count them as citizen-reported problems (problems_citizen).</source>
        <translation>读取满意度调查（满意度调查工作簿：一个文件或一个文件夹；列为小区、社区名、每个问题一列 1–5 分、诉求）和投诉清单（微信群或热线导出，含自由文本地址和一列文字）。调查读取行数 = 使用 + 空行 + 拒收；每个拒收行（分数超出 1–5 或不是数字、没有小区）和每条无法定位的投诉都列在未使用表中，注明文件、工作表、行和原因。个人信息列（姓名、电话 …）从不复制；文字中的电话和身份证号一律遮蔽。

满意度：按小区、社区和街区（地址库的 block_id）统计每个问题的平均分、总体得分（有“总体满意度”问题时取其平均，否则取全部回答的平均）和回答份数。诉求：调查诉求和投诉按可编辑词典（CSV keyword,category；为空时用随插件提供的词典）再按问题目录的关键词归入问题类别，每个区域按出现次数、再按严重程度排序。

投诉点带有匹配结果的全部字段，另加 source = citizen（reporter = 市民；problem 为从文字中识别出的问题目录名称，原文在 description 中）：把它们作为“构建台账”的居民投诉点（COMPLAINTS）输入，台账、评估和图集即把它们作为市民反映问题统计（problems_citizen）。</translation>
    </message>
</context>
<context>
    <name>RoadNetworkAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="73"/>
        <source>Road network check</source>
        <translation>路网体检</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="76"/>
        <source>Road network check of the small-block network (道路交通专项).

Nodes: every road end and every crossing of two roads (points within TOLERANCE are one node); a road passing through adds 2 to the degree, a road ending there 1. Degree ≥ 3 is an intersection, degree 1 a dead end (断头路, a missing link); NODES holds both.
Per district (optional DISTRICTS): road km inside the district ÷ its km² (road_density, density_ok = at least MIN_DENSITY, default 8 km/km²), intersections and dead ends inside, intersections per km², blocks (each in the district holding most of its area), their mean and largest side and how many are oversized.
Per block: area, side (longer side of the oriented minimum bounding rectangle) and short side, oversized = side &gt; MAX_SIDE (default 300 m); the block's cell is the block grown by DISTANCE with square corners: road_density = ½ × road length in the cell ÷ the cell's area (each road is shared by the blocks on both sides), intersections and dead ends in the cell.</source>
        <translation>小街区路网的道路交通专项体检。

节点：每条道路的端点和两条道路的每个交点（TOLERANCE 以内的点视为同一节点）；穿过节点的道路使其度数加 2，在此终止的道路加 1。度数 ≥ 3 为交叉口，度数为 1 为断头路（缺失的连接）；NODES 图层包含两者。
按区（可选 DISTRICTS）：区内道路千米数 ÷ 区面积平方千米（road_density；density_ok = 不低于 MIN_DENSITY，默认 8 千米/平方千米）、区内交叉口和断头路数量、每平方千米交叉口数、街区数（每个街区归属其面积大部分所在的区）、街区平均和最大边长以及超尺度街区数。
按街区：面积、边长（最小外接有向矩形的长边）和短边，oversized = 边长 &gt; MAX_SIDE（默认 300 米）；街区单元格为街区向外扩展 DISTANCE（直角）：road_density = ½ × 单元格内道路长度 ÷ 单元格面积（每条道路由两侧街区共享），以及单元格内的交叉口和断头路。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="92"/>
        <source>Roads (centre-lines)</source>
        <translation>道路（中心线）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="153"/>
        <source>Blocks</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="95"/>
        <source>Block id field</source>
        <translation>街区编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="160"/>
        <source>Districts</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="99"/>
        <source>District id field</source>
        <translation>区编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="101"/>
        <source>Largest block side</source>
        <translation>街区最大边长</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="103"/>
        <source>Smallest road-network density (km/km²)</source>
        <translation>最低路网密度（千米/平方千米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="106"/>
        <source>Cell of a block: the block grown by</source>
        <translation>街区单元格：街区向外扩展</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="108"/>
        <source>Points closer than this are one node</source>
        <translation>小于此距离的点视为同一节点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="110"/>
        <source>Road network per block</source>
        <translation>街区路网</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="112"/>
        <source>Road network per district</source>
        <translation>区路网</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="115"/>
        <source>Intersections and dead ends</source>
        <translation>交叉口与断头路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="121"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="137"/>
        <source>{0} roads, {1:.2f} km; {2} intersections, {3} dead ends.</source>
        <translation>{0} 条道路，{1:.2f} 千米；{2} 个交叉口，{3} 处断头路。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="180"/>
        <source>{0} blocks, {1} with a side over {2:.0f} m.</source>
        <translation>{0} 个街区，其中 {1} 个边长超过 {2:.0f} 米。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="196"/>
        <source>District {0}: {1} km/km² ({2}), {3} intersections per km².</source>
        <translation>区 {0}：路网密度 {1} 千米/平方千米（{2}），每平方千米 {3} 个交叉口。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="197"/>
        <source>meets the guidance</source>
        <translation>达到指引要求</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/roadnetwork.py" line="197"/>
        <source>below the guidance</source>
        <translation>低于指引要求</translation>
    </message>
</context>
<context>
    <name>SurveyFormsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="82"/>
        <source>Write survey forms for grid workers</source>
        <translation>为网格员生成调查表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="105"/>
        <source>Address library (building polygons)</source>
        <translation>地址库（楼栋面）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="109"/>
        <source>One form per value of (grid or community field)</source>
        <translation>每个取值生成一份调查表（网格或社区字段）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="109"/>
        <source>Group name field (file name and title)</source>
        <translation>分组名称字段（用于文件名和标题）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="109"/>
        <source>Community field (options of 社区名)</source>
        <translation>社区字段（“社区名”的选项）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="109"/>
        <source>Grid field (options of 网格)</source>
        <translation>网格字段（“网格”的选项）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="138"/>
        <source>Problem catalogue CSV (empty: the built-in national catalogue)</source>
        <translation>问题目录 CSV（留空则使用内置的全国问题目录）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="141"/>
        <source>Rows per form</source>
        <translation>每份调查表行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="143"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="145"/>
        <source>Forms written</source>
        <translation>已生成的调查表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="159"/>
        <source>Choose a field for {}.</source>
        <translation>请为 {} 选择字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="170"/>
        <source>The address library has no field &quot;{field}&quot; (parameter {param}). Its fields are: {fields}.</source>
        <translation>地址库中没有字段“{field}”（参数 {param}）。现有字段：{fields}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="179"/>
        <source>The problem catalogue file does not exist: {}</source>
        <translation>问题目录文件不存在：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="234"/>
        <source>The forms could not be written to {}: {}</source>
        <translation>无法将调查表写入 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="237"/>
        <source>{path}: {buildings} buildings in {compounds} compounds</source>
        <translation>{path}：楼栋 {buildings} 个，分布于 {compounds} 个小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="239"/>
        <source>{} forms written to {}</source>
        <translation>已将 {} 份调查表写入 {}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="213"/>
        <source>{} buildings have no compound name and are not offered in the forms.</source>
        <translation>{} 个楼栋缺少小区名称，未列入调查表选项。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="219"/>
        <source>{} buildings have no building number in a compound of several buildings: the forms cannot offer them (give them a number in the library).</source>
        <translation>{} 个楼栋所在小区有多栋楼但缺少楼号，调查表无法列出（请在地址库中补充楼号）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="223"/>
        <source>The address library has no building with a compound name: no form was written.</source>
        <translation>地址库中没有带小区名称的楼栋：未生成调查表。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="85"/>
        <source>Writes one Excel survey form (.xlsx) per grid or community (the values of the group field) for grid workers, built from the standard address library and the problem catalogue.

Each form has a sheet 问题清单 with about ROWS pre-formatted rows and cascading dropdowns: compound → building → unit, and problem category → problem; option lists for severity; a date check on the report date; a photo file name column (one photo per problem, e.g. 照片/xxx.jpg); an instructions sheet 填表说明 in Chinese; the header is protected, frozen and printed on every page. Its column names are the ones the report reader recognises, so a filled form joins to the library without any column settings.

Buildings without a compound name cannot be offered and are counted in the log. A building without a number is offered by its compound name when it is the only building of that compound (a scattered building 散楼 named by its door address, e.g. 和平路45号). Files are named &lt;group&gt;_&lt;group name&gt;_调查表.xlsx; an existing form with the same name is replaced.

The community and grid dropdowns offer names: give the communities and grids layers (code and name fields) when the library holds codes; the codes stay in a hidden lookup table. The title names the grid or community. ROUND (the year in the title): 0 = the project's current round, its variable cityhealth_round (Project Properties → Variables), else the current year.</source>
        <translation>根据标准地址库和问题目录，为网格员按网格或社区（分组字段的取值）各生成一份 Excel 调查表（.xlsx）。

每份调查表包含工作表“问题清单”，预置约 ROWS 行已设置格式的行，并提供级联下拉列表：小区 → 楼栋 → 单元，以及问题类别 → 问题；严重程度提供选项列表；上报日期带日期校验；设有照片文件名列（每个问题一张照片，例如 照片/xxx.jpg）；附中文说明工作表“填表说明”；表头受保护、已冻结，并在打印的每一页重复。其列名与上报读取程序可识别的列名一致，因此填写后的调查表无需任何列设置即可关联到地址库。

缺少小区名称的楼栋无法列入选项，其数量记入日志。没有楼号的楼栋若是其小区唯一的楼栋（以门牌地址命名的散楼，如 和平路45号），以小区名称列入选项。文件命名为 &lt;group&gt;_&lt;group name&gt;_调查表.xlsx；同名的已有调查表将被替换。

社区和网格下拉列表提供名称：地址库中只有编码时，请提供社区图层和网格图层（编码字段和名称字段）；编码保存在隐藏的对照表中。标题写网格或社区的名称。ROUND（标题中的年份）：0 = 工程的当前轮次，即工程变量 cityhealth_round（工程属性 → 变量），没有时取当前年份。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="123"/>
        <source>Communities (code and name for the 社区名 dropdown)</source>
        <translation>社区图层（编码和名称，用于“社区名”下拉列表）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="123"/>
        <source>Community code field</source>
        <translation>社区编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="123"/>
        <source>Community name field</source>
        <translation>社区名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="125"/>
        <source>Grids (code and name for the 网格 dropdown and the title)</source>
        <translation>网格图层（编码和名称，用于“网格”下拉列表和标题）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="125"/>
        <source>Grid code field</source>
        <translation>网格编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="125"/>
        <source>Grid name field</source>
        <translation>网格名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="135"/>
        <source>Round (year in the title; 0 = the project&apos;s current round)</source>
        <translation>体检轮次（标题中的年份；0 = 工程的当前轮次）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="175"/>
        <source>Round in the titles: {}</source>
        <translation>标题中的体检轮次：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="255"/>
        <source>The layer {layer} has no field &quot;{field}&quot; (parameter {param}). Its fields are: {fields}.</source>
        <translation>图层 {layer} 没有字段“{field}”（参数 {param}）。其字段为：{fields}。</translation>
    </message>
</context>
<context>
    <name>ThematicChecks</name>
    <message>
        <location filename="../processing/thematic.py" line="73"/>
        <source>{0}: {1} features without a line geometry (kept, length 0).</source>
        <translation>{0}：{1} 个要素没有线几何（保留，长度按 0 计）。</translation>
    </message>
    <message>
        <location filename="../processing/thematic.py" line="129"/>
        <source>{0} has no problems layer: give the ledger GeoPackage written by cityhealth:buildledger.</source>
        <translation>{0} 中没有 problems 图层：请选择 cityhealth:buildledger 生成的台账 GeoPackage。</translation>
    </message>
</context>
<context>
    <name>ThematicMapsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="50"/>
        <source>Thematic maps of indicators and problem categories (PNG and PDF)</source>
        <translation>指标与问题类别专题图（PNG 和 PDF）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="53"/>
        <source>One map per chosen ledger field at city level, for reports and slides: the units of the level coloured in five natural-break classes, district outlines, legend, title, scale bar, north arrow and a source note. Each map is written as PNG and PDF into the output folder. FIELDS is a comma-separated list of ledger fields (ind_house_001 …, cat_gas …, problems_total, problems_per_100hh); empty = every housing indicator and every problem category that has at least one problem in the round.</source>
        <translation>为每个选定的台账字段制作一张全市专题图，用于报告和汇报：该层级单元按自然断点分五级着色，并有区界、图例、标题、比例尺、指北针和数据来源说明。每张图以 PNG 和 PDF 写入输出文件夹。FIELDS 为逗号分隔的台账字段（ind_house_001 …、cat_gas …、problems_total、problems_per_100hh）；留空 = 本轮至少有一条问题的所有住房指标和问题类别。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="67"/>
        <source>Spatial ledger (GeoPackage)</source>
        <translation>空间化体检台账（GeoPackage）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="72"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="72"/>
        <source>Block</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="72"/>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="72"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="72"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="80"/>
        <source>Round (year; 0 = latest in the ledger)</source>
        <translation>轮次（年份；0 = 台账中最新一轮）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="85"/>
        <source>Fields to map (comma-separated; empty = all)</source>
        <translation>制图字段（逗号分隔；留空 = 全部）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="93"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="93"/>
        <source>Screen (150 dpi, compressed photos)</source>
        <translation>屏幕（150 dpi，照片压缩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="93"/>
        <source>Print (300 dpi, lossless)</source>
        <translation>印刷（300 dpi，无损）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="101"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="102"/>
        <source>Files written</source>
        <translation>已写出的文件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="103"/>
        <source>Maps written</source>
        <translation>已写出的地图数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="109"/>
        <source>Problems</source>
        <translation>问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="110"/>
        <source>Open problems</source>
        <translation>未整改问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="111"/>
        <source>Problems per 100 households</source>
        <translation>每百户问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="134"/>
        <source>The ledger {path} does not exist.</source>
        <translation>台账 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="141"/>
        <source>Cannot open {what} ({uri}).</source>
        <translation>无法打开 {what}（{uri}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="166"/>
        <source>{layer} has no field «{field}».</source>
        <translation>{layer} 中没有字段“{field}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="178"/>
        <source>block</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="179"/>
        <source>compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="180"/>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="181"/>
        <source>district</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="207"/>
        <source>Could not write {path}: {error}</source>
        <translation>无法写出 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="212"/>
        <source>Wrote {path}</source>
        <translation>已写出 {path}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="221"/>
        <source>Round {round}, by {level}</source>
        <translation>{round} 年度，按{level}统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="241"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="258"/>
        <source>m</source>
        <translation>米</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="273"/>
        <source>Source: city health check ledger {file}, round {round}.</source>
        <translation>数据来源：城市体检台账 {file}，{round} 年度。</translation>
    </message>
</context>
<context>
    <name>WalkwaysAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="62"/>
        <source>Substandard walkways</source>
        <translation>不达标步行道</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="65"/>
        <source>Length of substandard walkway (不达标的步行道) per block and compound, IND-COMM-019.

A road's walkway is substandard from its attributes: no walkway (SIDEWALK_FIELD = 0) or narrower than MIN_WIDTH (default 2.0 m); a NULL width is unknown and not flagged. Reports in the ledger (LEDGER, round ROUND) whose problem code is in CODES (CODE=reason, reasons: none, narrow, broken, discontinuous, not_barrier_free, unlit, obstructed; default WALK-01/WALK-02 broken, WALK-04 unlit, BLOCK-02 obstructed) flag the stretch of their nearest road (within REPORT_DISTANCE) up to REACH metres along the road either side of the report.
SEGMENTS: one line per road and reason with its length. Per unit: the road length within DISTANCE of the unit's polygon (the walkway along its sides), metres per reason, and substandard_m, the length of the union of the flagged stretches (a stretch flagged twice counts once); substandard_km is IND-COMM-019 and goes into the optional STATS table (unit_id, indicator_code, value) that cityhealth:assess reads.</source>
        <translation>按街区和小区计算不达标的步行道长度（IND-COMM-019）。

依据道路属性判定步行道不达标：无人行道（SIDEWALK_FIELD = 0）或宽度小于 MIN_WIDTH（默认 2.0 米）；宽度为空视为未知，不判定。台账（LEDGER，ROUND 轮次）中问题编码属于 CODES（编码=原因，原因可为：none 无人行道、narrow 过窄、broken 破损、discontinuous 不连续、not_barrier_free 无障碍不达标、unlit 照明不足、obstructed 被占用；默认 WALK-01/WALK-02 破损、WALK-04 照明不足、BLOCK-02 被占用）的问题，标记其最近道路（REPORT_DISTANCE 以内）上、沿道路向两侧各 REACH 米的路段。
SEGMENTS：每条道路每种原因一条线及其长度。每个单元：单元面 DISTANCE 范围内的道路长度（沿其边界的步行道）、各原因的米数，以及 substandard_m，即被标记路段并集的长度（同一路段被标记两次只计一次）；substandard_km 即 IND-COMM-019，写入可选的 STATS 表（unit_id, indicator_code, value），可供 cityhealth:assess 读取。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="82"/>
        <source>Roads (centre-lines)</source>
        <translation>道路（中心线）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="84"/>
        <source>Road id field</source>
        <translation>道路编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="85"/>
        <source>Walkway width field (m)</source>
        <translation>人行道宽度字段（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="87"/>
        <source>Smallest walkway width that is not substandard (m)</source>
        <translation>达标的最小人行道宽度（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="166"/>
        <source>Blocks</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="91"/>
        <source>Block id field</source>
        <translation>街区编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="168"/>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="95"/>
        <source>Compound id field</source>
        <translation>小区编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="97"/>
        <source>Walkways within this distance of a unit belong to it</source>
        <translation>此距离内的步行道计入单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="100"/>
        <source>Ledger GeoPackage (its problems layer)</source>
        <translation>台账 GeoPackage（其 problems 图层）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="102"/>
        <source>Round of the problems (0: all)</source>
        <translation>问题轮次（0：全部）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="105"/>
        <source>Problem codes of walkway problems (CODE=reason, comma separated)</source>
        <translation>步行道问题编码（编码=原因，逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="108"/>
        <source>Largest distance from a report to its road</source>
        <translation>问题点到所属道路的最大距离</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="111"/>
        <source>Stretch flagged by a report, either side along the road</source>
        <translation>一条问题沿道路向两侧标记的长度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="114"/>
        <source>Substandard walkway stretches</source>
        <translation>不达标步行道路段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="116"/>
        <source>Substandard walkways per block</source>
        <translation>街区不达标步行道</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="118"/>
        <source>Substandard walkways per compound</source>
        <translation>小区不达标步行道</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="121"/>
        <source>IND-COMM-019 statistics table</source>
        <translation>IND-COMM-019 统计表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="121"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="127"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="144"/>
        <source>{0} roads without a walkway width: not judged by width.</source>
        <translation>{0} 条道路没有人行道宽度：不按宽度判定。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="186"/>
        <source>{0} of {1} roads have substandard walkway stretches, {2:.2f} km in all.</source>
        <translation>{1} 条道路中有 {0} 条存在不达标步行道路段，共 {2:.2f} 千米。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walkways.py" line="245"/>
        <source>{0} walkway reports: {1} on a road, {2} farther than the report distance or without location (not measured).</source>
        <translation>步行道问题 {0} 条：{1} 条落到道路上，{2} 条超出距离或无位置（未计长度）。</translation>
    </message>
</context>
<context>
    <name>WorkOrdersAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="60"/>
        <source>Write work orders to departments</source>
        <translation>向职能部门派发工单</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="63"/>
        <source>Writes one work order (工单, .xlsx) per responsible department and district for the open problems (待派单, 已派单, 整改中) of a round of the ledger, into the output folder, named &lt;department&gt;_&lt;district&gt;_&lt;round&gt;年工单.xlsx. The department of a problem is the one of the problem catalogue (column responsible), or the one a re-routing named.

Each row: 问题编号, 责任部门, 街道, 地址, 问题, 问题描述, 严重程度, 照片 (link relative to the work order), 派单日期, 整改类型, 整改期限, then the yellow columns the department fills back: 整改状态 (a dropdown), 整改日期, 整改说明, 整改后照片, 改派部门. Chinese headers, frozen header, filters, A4 landscape print setup with the header repeated; phone and ID numbers are masked and no text becomes a formula.

整改期限 = dispatch date + the days of the remediation type of the catalogue: 限时解决 (urgent, URGENT_DAYS) or 尽力解决 (effort, EFFORT_DAYS). The optional DEADLINES table overrides them: a field «key» (a problem code, urgent/effort or 限时解决/尽力解决) and a field «days».

Dispatching moves each listed problem from 待派单 to 已派单 (a report-side 整改中 stays 整改中, its assignment recorded), appended to the ledger's problem_history table; problems already dispatched are listed again with their first dispatch and change nothing.

Lifecycle: 待派单 → 已派单 → 整改中 → 已整改 → 已复核; reopen (复发) from 已整改 or 已复核 back to 整改中; 无法整改 closes; 非本部门职责 goes back to 待派单 for re-routing. The report-side statuses map: 未整改 or empty → 待派单, 整改中 → 整改中, 已整改 → 已整改.</source>
        <translation>为台账某一轮中未闭环的问题（待派单、已派单、整改中）按责任部门和区各写一份工单（.xlsx）到输出文件夹，文件名为 &lt;部门&gt;_&lt;区&gt;_&lt;轮次&gt;年工单.xlsx。问题的责任部门取自问题目录（responsible 列），或改派时指定的部门。

每行：问题编号、责任部门、街道、地址、问题、问题描述、严重程度、照片（相对工单的链接）、派单日期、整改类型、整改期限，然后是部门回填的黄色列：整改状态（下拉选择）、整改日期、整改说明、整改后照片、改派部门。中文表头，冻结表头，筛选，A4 横向打印并每页重复表头；电话和身份证号已脱敏，任何文字都不会成为公式。

整改期限 = 派单日期 + 问题目录中整改类型的天数：限时解决（urgent，URGENT_DAYS）或尽力解决（effort，EFFORT_DAYS）。可选的 DEADLINES 表可覆盖：字段“key”（问题编码、urgent/effort 或 限时解决/尽力解决）和字段“days”。

派单把每个列出的问题从待派单变为已派单（上报时已为整改中的保持整改中，记录派单），追加到台账的 problem_history 表；已派单的问题按首次派单再次列出，不作任何改变。

状态流程：待派单 → 已派单 → 整改中 → 已整改 → 已复核；已整改或已复核可复发回到整改中；无法整改为关闭状态；非本部门职责退回待派单重新派单。上报表中的状态对应为：未整改或空 → 待派单，整改中 → 整改中，已整改 → 已整改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="85"/>
        <source>Ledger GeoPackage</source>
        <translation>体检台账 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="87"/>
        <source>Round (year)</source>
        <translation>轮次（年份）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="90"/>
        <source>Deadline table (fields key, days)</source>
        <translation>整改期限表（字段 key、days）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="92"/>
        <source>Days to the deadline for 限时解决 (urgent)</source>
        <translation>限时解决的整改天数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="95"/>
        <source>Days to the deadline for 尽力解决 (effort)</source>
        <translation>尽力解决的整改天数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="98"/>
        <source>Dispatch date (YYYY-MM-DD; empty: today)</source>
        <translation>派单日期（YYYY-MM-DD；空：今天）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="100"/>
        <source>Problem catalogue CSV (empty: the built-in national catalogue)</source>
        <translation>问题目录 CSV（空：内置的全国问题目录）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="103"/>
        <source>Work order folder</source>
        <translation>工单文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="104"/>
        <source>Work orders written</source>
        <translation>写出的工单数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="105"/>
        <source>Problems listed</source>
        <translation>列出的问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="106"/>
        <source>Problems dispatched now</source>
        <translation>本次派单的问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="117"/>
        <source>The deadline table needs a field «key» (or problem_code / remediation) and a field «days»; it has: {0}</source>
        <translation>整改期限表需要字段“key”（或 problem_code / remediation）和字段“days”；现有字段：{0}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="125"/>
        <source>Deadline table row {0}: days «{1}» is not a whole number of days; row ignored.</source>
        <translation>整改期限表第 {0} 行：天数“{1}”不是整数天；该行已忽略。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="139"/>
        <source>Dispatch date «{0}» is not a date (YYYY-MM-DD).</source>
        <translation>派单日期“{0}”不是日期（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="146"/>
        <source>The ledger holds no problem of round {0}.</source>
        <translation>台账中没有第 {0} 轮的问题。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="165"/>
        <source>The work order {0} could not be written: {1}</source>
        <translation>无法写出工单 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="167"/>
        <source>{0}: {1} problems</source>
        <translation>{0}：{1} 个问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="169"/>
        <source>Cancelled: the ledger was not changed.</source>
        <translation>已取消：台账未改变。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/workorders.py" line="175"/>
        <source>{0} work orders with {1} open problems of round {2}; {3} dispatched now ({4} moved to 已派单).</source>
        <translation>{0} 份工单，共 {1} 个第 {2} 轮未闭环问题；本次派单 {3} 个（{4} 个变为已派单）。</translation>
    </message>
</context>
</TS>
