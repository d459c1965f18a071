<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AddressLibraryAlgorithm</name>
    <message>
        <location filename="../processing/base.py" line="48"/>
        <source>{layer}: there is no field «{field}». Fields: {fields}</source>
        <translation>{layer}：没有字段“{field}”。现有字段：{fields}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="179"/>
        <source>Build standard address library</source>
        <translation>构建标准地址库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="182"/>
        <source>Builds the standard address library from a building layer: one canonical key per building (compound|building) and per unit (compound|building|unit), with compound names and building numbers normalised (full width, brackets, spaces, Chinese numerals, 3号楼 / 3# / 第3栋 …).

Writes one GeoPackage with the layers library_buildings (footprints with their key), library_units (one row per unit), library_aliases (every other spelling accepted for a compound: generated, phase, short and manual) and library_conflicts (two buildings with the same key, buildings outside any compound, compound names that collide after normalisation).

Optional compound polygons give the compound to buildings without one, their aliases (separated by |) and the check that buildings lie inside a compound; optional grid polygons give the grid to buildings without one. An existing alias table keeps the spellings planners accepted (kind manual).</source>
        <translation>从楼栋图层构建标准地址库：每个楼栋一个规范键（小区|楼栋），每个单元一个规范键（小区|楼栋|单元），并对小区名称和楼号进行规范化（全角、括号、空格、中文数字、3号楼 / 3# / 第3栋 …）。

输出一个 GeoPackage，包含以下图层：library_buildings（带键的楼栋轮廓）、library_units（每个单元一行）、library_aliases（小区可接受的所有其他写法：自动生成、分期、简称和手工添加）以及 library_conflicts（键相同的两个楼栋、不在任何小区内的楼栋、规范化后重名的小区名称）。

可选的小区面图层用于：为缺少小区的楼栋补充所属小区、提供小区别名（以 | 分隔），并检查楼栋是否位于小区内；可选的网格面图层用于为缺少网格的楼栋补充所属网格。已有的别名表会保留规划人员认可的写法（类型为 manual）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="266"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="285"/>
        <source>Compound polygons</source>
        <translation>小区面</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="201"/>
        <source>Compound polygon name field</source>
        <translation>小区面名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="204"/>
        <source>Compound polygon aliases field (| separated)</source>
        <translation>小区面别名字段（以 | 分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="314"/>
        <source>Grid polygons</source>
        <translation>网格面</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="209"/>
        <source>Grid polygon name field</source>
        <translation>网格面名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="211"/>
        <source>Existing alias table (keeps manual spellings)</source>
        <translation>已有别名表（保留手工添加的写法）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="214"/>
        <source>Address library GeoPackage</source>
        <translation>地址库 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="214"/>
        <source>GeoPackage (*.gpkg *.GPKG)</source>
        <translation>GeoPackage 文件 (*.gpkg *.GPKG)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="269"/>
        <source>No output GeoPackage given.</source>
        <translation>未指定输出 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="274"/>
        <source>Reading buildings …</source>
        <translation>正在读取楼栋 …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="278"/>
        <source>The building layer has no features.</source>
        <translation>楼栋图层中没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="289"/>
        <source>Choose the name field of the compound polygons.</source>
        <translation>请选择小区面的名称字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="309"/>
        <source>{} buildings took their compound from the compound polygons.</source>
        <translation>{} 个楼栋从小区面获取了所属小区。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="316"/>
        <source>Choose the name field of the grid polygons.</source>
        <translation>请选择网格面的名称字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="329"/>
        <source>The alias table needs the fields alias, compound and kind; it has: {}</source>
        <translation>别名表需要 alias、compound 和 kind 字段；现有字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="334"/>
        <source>Building keys, aliases and conflicts …</source>
        <translation>正在生成楼栋键、别名和冲突 …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="370"/>
        <source>{} buildings in {} compounds, {} units, {} aliases, {} conflicts ({} duplicate keys, {} outside any compound, {} name collisions).</source>
        <translation>楼栋 {} 个，分布于 {} 个小区；单元 {} 个，别名 {} 个，冲突 {} 个（键重复 {} 个，不在任何小区内 {} 个，名称冲突 {} 个）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="378"/>
        <source>… and {} more conflicts in library_conflicts.</source>
        <translation>… 另有 {} 个冲突，见 library_conflicts。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="431"/>
        <source>Cannot write {}: {}</source>
        <translation>无法写入 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="416"/>
        <source>Cannot write building {}: {}</source>
        <translation>无法写入楼栋 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="222"/>
        <source>Library buildings</source>
        <translation>地址库楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="223"/>
        <source>Library units</source>
        <translation>地址库单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="224"/>
        <source>Alias table</source>
        <translation>别名表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/addresslibrary.py" line="225"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
</context>
<context>
    <name>AtlasAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="49"/>
        <source>Atlas of blocks, compounds or communities (PDF)</source>
        <translation>街区 / 小区 / 社区体检图集（PDF）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="52"/>
        <source>Prints the atlas of one round of the spatial ledger: a cover page, a contents page listing every unit with its page, then one page per unit with its name and place, the main map (buildings by number of problems, problem points by category, the unit outline), a locator map, legend, scale bar, north arrow, the indicator table (red / yellow warnings when an assessment is given), a chart of problems by category, photos of the most severe problems and the problem list. Phone and ID numbers never appear.
FILTER is a QGIS expression on the ledger layer of the level (plus the assessment&apos;s fields, and red_warnings / yellow_warnings, district, street, community), e.g. &quot;red_warnings&quot; &gt; 0. SORT is a comma-separated list of keys (district, street, community, name or a ledger field; a leading - sorts descending). TEMPLATE is a3_landscape, a4_portrait or the path of your own .qpt with the same item ids. Photos are read relative to the ledger&apos;s folder, so the ledger and its photo library can be moved together. The PDF is written only when every page is done: cancelling leaves no partial file.</source>
        <translation>打印空间化体检台账某一轮的图集：封面、列出每个单元及其页码的目录页，然后每个单元一页：单元名称与所在区 / 街道 / 社区、主图（楼栋按问题数着色、问题点按类别、单元边界）、区位图、图例、比例尺、指北针、指标表（提供评估结果时显示红色 / 黄色预警）、问题类别统计图、最严重问题的照片和问题清单。电话和身份证号从不出现。
FILTER 是作用于该层级台账图层的 QGIS 表达式（另可使用评估结果的字段以及 red_warnings / yellow_warnings、district、street、community），例如 &quot;red_warnings&quot; &gt; 0。SORT 是逗号分隔的排序键（district、street、community、name 或台账字段；前加 - 表示降序）。TEMPLATE 为 a3_landscape、a4_portrait 或自定义 .qpt 的路径（图元 ID 相同）。照片按相对台账所在文件夹的路径读取，因此台账和照片库可以一起移动。只有所有页面完成后才写出 PDF：取消时不会留下不完整的文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="73"/>
        <source>Spatial ledger (GeoPackage)</source>
        <translation>空间化体检台账（GeoPackage）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="78"/>
        <source>Assessment (GeoPackage of cityhealth:assess)</source>
        <translation>体检评估结果（cityhealth:assess 的 GeoPackage）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="86"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="86"/>
        <source>Block</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="86"/>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="86"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="94"/>
        <source>Round (year; 0 = latest in the ledger)</source>
        <translation>轮次（年份；0 = 台账中最新一轮）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="99"/>
        <source>Filter (expression)</source>
        <translation>筛选（表达式）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="104"/>
        <source>Sort by</source>
        <translation>排序</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="109"/>
        <source>Split into</source>
        <translation>拆分方式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="109"/>
        <source>One PDF</source>
        <translation>一个 PDF</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="109"/>
        <source>One PDF per district</source>
        <translation>每个区一个 PDF</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="109"/>
        <source>One PDF per unit</source>
        <translation>每个单元一个 PDF</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="117"/>
        <source>Layout template (a3_landscape, a4_portrait or the path of a .qpt)</source>
        <translation>版式模板（a3_landscape、a4_portrait 或自定义 .qpt 的路径）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="125"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="125"/>
        <source>Screen (150 dpi, compressed photos)</source>
        <translation>屏幕（150 dpi，照片压缩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="125"/>
        <source>Print (300 dpi, lossless)</source>
        <translation>印刷（300 dpi，无损）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="133"/>
        <source>At most this many units (0 = all)</source>
        <translation>最多单元数（0 = 全部）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="138"/>
        <source>Preview of the first unit page (PNG)</source>
        <translation>第一个单元页预览（PNG）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="147"/>
        <source>Atlas PDF</source>
        <translation>图集 PDF</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="150"/>
        <source>PDF files written</source>
        <translation>已写出的 PDF 文件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="151"/>
        <source>Units in the atlas</source>
        <translation>图集中的单元数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="152"/>
        <source>Pages written</source>
        <translation>已写出的页数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="174"/>
        <source>The ledger {path} does not exist.</source>
        <translation>台账 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="187"/>
        <source>The template {path} does not exist.</source>
        <translation>模板 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="257"/>
        <source>No {level} of round {round} passes the filter «{filter}».</source>
        <translation>{round} 轮没有符合筛选条件“{filter}”的{level}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="262"/>
        <source>{n} units in the atlas.</source>
        <translation>图集共 {n} 个单元。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="272"/>
        <source>Block atlas</source>
        <translation>街区图集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="273"/>
        <source>Compound atlas</source>
        <translation>小区图集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="274"/>
        <source>Community atlas</source>
        <translation>社区图集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="285"/>
        <source>The template {path} lacks the items {ids}.</source>
        <translation>模板 {path} 缺少以下图元：{ids}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="291"/>
        <source>No Chinese font found (install fonts-wqy-microhei or fonts-noto-cjk).</source>
        <translation>未找到中文字体（请安装 fonts-wqy-microhei 或 fonts-noto-cjk）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="325"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="326"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="327"/>
        <source>District / street / community</source>
        <translation>区 / 街道 / 社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="328"/>
        <source>Page</source>
        <translation>页码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="337"/>
        <source>{n} units, {p} problems</source>
        <translation>共 {n} 个单元，{p} 条问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="340"/>
        <source>Ledger: {file}</source>
        <translation>台账：{file}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="341"/>
        <source>Printed {date}</source>
        <translation>打印日期：{date}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="343"/>
        <source>City health check atlas</source>
        <translation>城市体检图集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="350"/>
        <source>Could not write {path}: {error}</source>
        <translation>无法写出 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="355"/>
        <source>Wrote {path} ({pages} pages).</source>
        <translation>已写出 {path}（{pages} 页）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="377"/>
        <source>The filter «{filter}» is not a valid expression: {error}</source>
        <translation>筛选条件“{filter}”不是有效的表达式：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="389"/>
        <source>The filter «{filter}» failed: {error}</source>
        <translation>筛选条件“{filter}”计算出错：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/atlas.py" line="268"/>
        <source>{n} photos of the ledger are missing in {folder}; they are left out.</source>
        <translation>台账中有 {n} 张照片在 {folder} 中找不到，已略去。</translation>
    </message>
</context>
<context>
    <name>AtlasBook</name>
    <message>
        <location filename="../processing/atlas_book.py" line="39"/>
        <source>Red warning</source>
        <translation>红色预警</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="40"/>
        <source>Yellow warning</source>
        <translation>黄色预警</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="41"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="112"/>
        <source>Unit outline</source>
        <translation>单元边界</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="130"/>
        <source>This unit</source>
        <translation>本单元</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="146"/>
        <source>Buildings by number of problems</source>
        <translation>楼栋（按问题数）</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="356"/>
        <source>Problems by category</source>
        <translation>问题（按类别）</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="197"/>
        <source>Problem list</source>
        <translation>问题清单</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="228"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="228"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="228"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="317"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="228"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="264"/>
        <source>Round {round} · {date}</source>
        <translation>{round} 年度体检 · {date}</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="287"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="289"/>
        <source>No problems</source>
        <translation>无问题</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="308"/>
        <source>Score / grade</source>
        <translation>得分 / 等级</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="317"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="317"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="330"/>
        <source>{total} problems; the {shown} most severe are listed.</source>
        <translation>共 {total} 条问题，列出最严重的 {shown} 条。</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="330"/>
        <source>{total} problems.</source>
        <translation>共 {total} 条问题。</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="358"/>
        <source>Round {round}</source>
        <translation>{round} 年度</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="369"/>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <location filename="../processing/atlas_book.py" line="283"/>
        <source>No photos</source>
        <translation>无照片</translation>
    </message>
</context>
<context>
    <name>BuildLedger</name>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="202"/>
        <source>Build spatial ledger</source>
        <translation>生成空间台账</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="205"/>
        <source>Writes one GeoPackage with the matched problems (points), their photos (a table, photos copied into a library folder next to the GeoPackage with relative paths) and ledgers per building, compound, community, block and district: counts per problem category and per housing indicator, open / in progress / resolved, worst severity, households and residents affected and problems per 100 households.

Housing indicators count distinct buildings with at least one reported problem of that kind, whatever its status. Buildings join compounds by attribute, otherwise by the compound holding most of the footprint; scattered buildings (散楼) belong to no compound but still roll up to their block. Compounds go to the block holding most of their area and their buildings follow them.

The GeoPackage keeps several rounds: rebuilding a round replaces only that round. The file is replaced atomically at the end, so a cancelled or failed run leaves it untouched. Invalid geometries are repaired and reported feature by feature.</source>
        <translation>输出一个 GeoPackage，包含已匹配的问题（点）、问题照片（表格形式，照片复制到 GeoPackage 旁的照片库文件夹中，使用相对路径），以及按楼栋、小区、社区、街区和区统计的台账：各问题类别和各住房指标的数量，未整改/整改中/已整改数量，最高严重程度，涉及户数和常住人口，以及每百户问题数。

住房指标统计至少上报过一个该类问题的楼栋数（不重复计数），不论问题状态。楼栋优先按属性关联到小区，否则归入覆盖其楼栋轮廓面积最大的小区；散楼不属于任何小区，但仍逐级汇总到所在街区。小区归入覆盖其面积最大的街区，其楼栋随之归入该街区。

GeoPackage 可保存多个轮次：重新生成某一轮次只替换该轮次。文件在运行结束时以原子方式替换，因此取消或失败的运行不会改动原文件。无效几何会被修复，并逐个要素报告。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="222"/>
        <source>Matched problems (output of Join reports)</source>
        <translation>已匹配的问题（“将上报关联到楼栋”的输出）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="225"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="226"/>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="227"/>
        <source>Blocks</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="229"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="231"/>
        <source>Districts</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="233"/>
        <source>Round (year; 0 = from the problems&apos; round field)</source>
        <translation>轮次（年份；0 = 取问题的轮次字段）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="236"/>
        <source>Ledger GeoPackage</source>
        <translation>台账 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="236"/>
        <source>GeoPackage (*.gpkg *.GPKG)</source>
        <translation>GeoPackage 文件 (*.gpkg *.GPKG)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="238"/>
        <source>Problems written</source>
        <translation>已写入问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="239"/>
        <source>Photos written</source>
        <translation>已写入照片数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="240"/>
        <source>Geometries repaired</source>
        <translation>已修复几何数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="241"/>
        <source>Round built</source>
        <translation>已生成轮次</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="242"/>
        <source>Layers (URIs, &apos;;&apos;-separated)</source>
        <translation>图层（URI，以 ';' 分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="277"/>
        <source>{0} feature {1} has no {2}: kept as {3}.</source>
        <translation>{0}要素 {1} 没有 {2}：保留为 {3}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="281"/>
        <source>{0}: {1} {2} appears twice; the first feature is used.</source>
        <translation>{0}：{1} {2} 出现了两次；使用第一个要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="291"/>
        <source>{0} {1}: empty or unrepairable geometry; kept in the ledger without geometry.</source>
        <translation>{0} {1}：几何为空或无法修复；保留在台账中，但不含几何。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="298"/>
        <source>{0} {1}: invalid geometry repaired ({2}).</source>
        <translation>{0} {1}：已修复无效几何（{2}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="369"/>
        <source>Buildings are in geographic coordinates: overlaps are compared in square degrees. A projected CRS (e.g. EPSG:4550) is better.</source>
        <translation>楼栋图层使用地理坐标：重叠面积以平方度比较。建议使用投影坐标参考系（如 EPSG:4550）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="397"/>
        <source>Building round {0} into {1}</source>
        <translation>正在将轮次 {0} 生成到 {1}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="400"/>
        <source>Reading library layers</source>
        <translation>正在读取地址库图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="416"/>
        <source>Geometries: {0} repaired, {1} with sliver parts removed, {2} empty (kept without geometry).</source>
        <translation>几何：已修复 {0} 个，去除碎片部分 {1} 个，空几何 {2} 个（保留但不含几何）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="420"/>
        <source>No {0} layer given: the {1} layer is not written.</source>
        <translation>未指定 {0} 图层：不写入 {1} 图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="424"/>
        <source>Assigning buildings to compounds, blocks, communities, districts</source>
        <translation>正在将楼栋分配到小区、街区、社区和区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="448"/>
        <source>Reading problems</source>
        <translation>正在读取问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="464"/>
        <source>{0} problems without a building were placed on their compound (compound-level problems).</source>
        <translation>{0} 个没有楼栋的问题已放置到所属小区（小区级问题）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="467"/>
        <source>The problems layer holds no problem: the ledger counts zero.</source>
        <translation>问题图层中没有问题：台账计数均为零。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="470"/>
        <source>Rolling up</source>
        <translation>正在逐级汇总</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="488"/>
        <source>{0} problems have no building in the library: they are in the problems layer but counted in no ledger.</source>
        <translation>{0} 个问题的楼栋不在地址库中：这些问题写入了问题图层，但不计入任何台账。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="493"/>
        <source>Writing the GeoPackage</source>
        <translation>正在写入 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="504"/>
        <source>Wrote {0} problems, {1} photos, round {2}.</source>
        <translation>已写入 {0} 个问题、{1} 张照片，轮次 {2}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="562"/>
        <source>{0} buildings joined to a compound by footprint, {1} to a block by footprint, {2} to a community by footprint.</source>
        <translation>{0} 个楼栋按楼栋轮廓归入小区，{1} 个按楼栋轮廓归入街区，{2} 个按楼栋轮廓归入社区。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="656"/>
        <source>Problem {0} has no location and no known building: written without geometry.</source>
        <translation>问题 {0} 既没有位置也没有已知楼栋：写入时不含几何。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="666"/>
        <source>Problem {0}: photo {1} not found; not copied.</source>
        <translation>问题 {0}：未找到照片 {1}；未复制。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="695"/>
        <source>{0} problems of other rounds left out.</source>
        <translation>已排除 {0} 个其他轮次的问题。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="697"/>
        <source>{0} problems carried another round; they are written as round {1}.</source>
        <translation>{0} 个问题属于其他轮次；已按轮次 {1} 写入。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="700"/>
        <source>{0} problem codes filled in from the problem text.</source>
        <translation>已根据问题描述补全 {0} 个问题编码。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="804"/>
        <source>Saving default styles</source>
        <translation>正在保存默认样式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="822"/>
        <source>Could not save the style of {0}: {1}</source>
        <translation>无法保存 {0} 的样式：{1}</translation>
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
        <source>Export maps…</source>
        <translation>导出地图…</translation>
    </message>
</context>
<context>
    <name>CityHealthProvider</name>
    <message>
        <location filename="../processing/provider.py" line="42"/>
        <source>City health check</source>
        <translation>城市体检</translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="45"/>
        <source>City health check (urban renewal survey, ledger and assessment)</source>
        <translation>城市体检（城市更新调查、台账与评估）</translation>
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
        <location filename="../core/catalogue.py" line="133"/>
        <source>Catalogue file not found: {file}</source>
        <translation>未找到问题目录文件：{file}</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="140"/>
        <source>Catalogue file {file} lacks the column(s) {columns}.</source>
        <translation>问题目录文件 {file} 缺少列 {columns}。</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="150"/>
        <source>Catalogue file {file} is not UTF-8 encoded: save it as CSV UTF-8.</source>
        <translation>问题目录文件 {file} 不是 UTF-8 编码：请另存为“CSV UTF-8”。</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="159"/>
        <source>Catalogue file {file}, row {row}, column {column}: invalid value &quot;{value}&quot; (expected {expected}).</source>
        <translation>问题目录文件 {file}，第 {row} 行，{column} 列：无效值“{value}”（应为 {expected}）。</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="199"/>
        <source>Catalogue file {file}, row {row}, column {column}: duplicate code {value}.</source>
        <translation>问题目录文件 {file}，第 {row} 行，{column} 列：编码 {value} 重复。</translation>
    </message>
    <message>
        <location filename="../core/catalogue.py" line="215"/>
        <source>Catalogue file {file} holds no problem types.</source>
        <translation>问题目录文件 {file} 中没有问题类型。</translation>
    </message>
    <message>
        <location filename="../core/democity_reports.py" line="683"/>
        <source>Cannot write the demo city reports into {folder}: {error}</source>
        <translation>无法将演示城市的上报写入 {folder}：{error}</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="76"/>
        <source>The calamine engine was requested but python-calamine is not installed.</source>
        <translation>已指定使用 calamine 引擎，但未安装 python-calamine。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="114"/>
        <source>The workbook is password-protected (encrypted). Open it in Excel or WPS, remove the password (File &gt; Info &gt; Protect Workbook) and save it again.</source>
        <translation>该工作簿受密码保护（已加密）。请在 Excel 或 WPS 中打开，删除密码（文件 &gt; 信息 &gt; 保护工作簿）后重新保存。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="120"/>
        <source>The workbook cannot be read: it is damaged or not really an Excel file ({detail}). Open it in Excel or WPS and save it again as .xlsx.</source>
        <translation>无法读取该工作簿：文件已损坏或并非真正的 Excel 文件（{detail}）。请在 Excel 或 WPS 中打开并重新另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="196"/>
        <source>Reading the old .xls format needs python-calamine (pip install python-calamine) or xlrd; or save the file as .xlsx in Excel or WPS.</source>
        <translation>读取旧版 .xls 格式需要 python-calamine（pip install python-calamine）或 xlrd；也可在 Excel 或 WPS 中将文件另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="256"/>
        <source>The text file is in an encoding that cannot be recognised (tried UTF-8, UTF-16 and GBK/GB18030). Save it again as &quot;CSV UTF-8&quot; in Excel or WPS.</source>
        <translation>无法识别该文本文件的编码（已尝试 UTF-8、UTF-16 和 GBK/GB18030）。请在 Excel 或 WPS 中重新另存为“CSV UTF-8”。</translation>
    </message>
    <message>
        <location filename="../core/readers/sources.py" line="296"/>
        <source>The text file is malformed near line {line}: {detail}</source>
        <translation>文本文件在第 {line} 行附近格式错误：{detail}</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="150"/>
        <source>The reports path does not exist: {path}</source>
        <translation>上报路径不存在：{path}</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="157"/>
        <source>Skipped: a satisfaction survey (满意度调查), not a problem report.</source>
        <translation>已跳过：这是满意度调查，不是问题上报。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="162"/>
        <source>Skipped: not a spreadsheet or CSV file.</source>
        <translation>已跳过：不是电子表格或 CSV 文件。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="212"/>
        <source>The file cannot be opened: {detail}</source>
        <translation>无法打开该文件：{detail}</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="226"/>
        <source>The sheet could not be read: {detail}</source>
        <translation>无法读取该工作表：{detail}</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="243"/>
        <source>sheet &quot;{sheet}&quot;</source>
        <translation>工作表“{sheet}”</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="246"/>
        <source>row {row}</source>
        <translation>第 {row} 行</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="249"/>
        <source>column {column}</source>
        <translation>{column} 列</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="282"/>
        <source>The column &quot;{header}&quot; chosen in the column settings is not in the header row.</source>
        <translation>列设置中选择的列“{header}”不在表头行中。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="289"/>
        <source>Several columns ({columns}) mean &quot;{key}&quot;: the first non-empty one is used.</source>
        <translation>多个列（{columns}）都表示“{key}”：将使用第一个非空列。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="294"/>
        <source>No address column (compound, building, address or coordinates) was recognised in the header row; rows cannot be placed on the map.</source>
        <translation>表头行中未识别到地址列（小区、楼栋、地址或坐标），无法将各行定位到地图上。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="357"/>
        <source>The sheet is empty; skipped.</source>
        <translation>工作表为空，已跳过。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="360"/>
        <source>The sheet has no report header (instructions or lists); skipped.</source>
        <translation>该工作表没有上报表头（为说明或列表），已跳过。</translation>
    </message>
    <message>
        <location filename="../core/report_reader.py" line="364"/>
        <source>No header row was recognised in the first {scan} rows, so its {rows} non-empty rows were not read. Name the columns like the standard form (社区名, 小区, 楼栋, 单元, 问题, 图片, 描述 …) or set the columns in the algorithm's column settings.</source>
        <translation>在前 {scan} 行中未识别到表头行，因此该工作表的 {rows} 个非空行未被读取。请按标准表格命名各列（社区名、小区、楼栋、单元、问题、图片、描述 …），或在算法的列设置中指定各列。</translation>
    </message>
    <message>
        <location filename="../core/survey_forms.py" line="343"/>
        <source>The number of form rows must be at least 1 (got {rows}).</source>
        <translation>表格行数至少为 1（当前为 {rows}）。</translation>
    </message>
    <message>
        <location filename="../core/survey_forms.py" line="378"/>
        <source>The address library has no buildings: no survey form was written.</source>
        <translation>地址库中没有楼栋：未生成任何调查表。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="257"/>
        <source>The {layer} layer has no field {field}: use the library layer with the fields of the city health data model.</source>
        <translation>{layer}图层没有字段 {field}：请使用具有城市体检数据模型字段的地址库图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="363"/>
        <source>The buildings layer is empty.</source>
        <translation>楼栋图层为空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="366"/>
        <source>The buildings layer has no coordinate reference system: set one.</source>
        <translation>楼栋图层没有坐标参考系：请先设置。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="376"/>
        <source>The problems layer has no building_id field: use the output of Join reports.</source>
        <translation>问题图层没有 building_id 字段：请使用“将上报关联到楼栋”的输出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="391"/>
        <source>Cannot tell the round from the problems (rounds found: {rounds}): set Round.</source>
        <translation>无法从问题中确定轮次（发现的轮次：{rounds}）：请设置轮次。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/buildledger.py" line="484"/>
        <source>Ledger roll-up is inconsistent: {first}</source>
        <translation>台账逐级汇总结果不一致：{first}</translation>
    </message>
</context>
<context>
    <name>DemoCityAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/democity.py" line="74"/>
        <source>Generate demo city</source>
        <translation>生成演示城市</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="77"/>
        <source>Generates a synthetic but realistic old town modelled on Tongliao (Horqin district and the economic development zone) in EPSG:4550: districts, streets, communities, grid cells, roads, blocks, compounds, buildings, facilities and parks, written to democity.gpkg in the output folder. It also writes two rounds (2024, 2025) of grid problem reports with the messy address spellings grid workers use, one photo per problem, a satisfaction survey per round, and ground_truth.csv stating the true building of every report row.

Size small has about 2,000 buildings and takes seconds; large has about 60,000 buildings and 200,000 report rows (for benchmarks, a minute or two). The same seed always gives the same city and the same report tables.</source>
        <translation>生成一个以通辽（科尔沁区和经济技术开发区）为原型、虚构但贴近真实的老城区，坐标参考系为 EPSG:4550：包括城区、街道、社区、网格、道路、街区、小区、楼栋、设施和公园，写入输出文件夹中的 democity.gpkg。同时生成两个轮次（2024、2025）的网格问题上报（地址写法与网格员实际填写一样杂乱）、每个问题一张照片、每轮一份满意度调查，以及记录每条上报行真实所属楼栋的 ground_truth.csv。

小规模约 2,000 个楼栋，几秒即可完成；大规模约 60,000 个楼栋和 200,000 条上报行（用于性能测试，需一两分钟）。相同的随机种子始终生成相同的城市和相同的上报表。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="89"/>
        <source>Size</source>
        <translation>规模</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="89"/>
        <source>Small (about 2,000 buildings)</source>
        <translation>小规模（约 2,000 个楼栋）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="89"/>
        <source>Large (about 60,000 buildings)</source>
        <translation>大规模（约 60,000 个楼栋）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="93"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="97"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="98"/>
        <source>Demo city GeoPackage</source>
        <translation>演示城市 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="99"/>
        <source>Reports folder</source>
        <translation>上报文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="100"/>
        <source>Ground truth of the reports</source>
        <translation>上报真值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="101"/>
        <source>Number of buildings</source>
        <translation>楼栋数量</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="102"/>
        <source>Number of report rows</source>
        <translation>上报行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="115"/>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="119"/>
        <source>Generating the {} city with seed {} …</source>
        <translation>正在生成{}规模城市，随机种子 {} …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="125"/>
        <source>Writing the grid reports …</source>
        <translation>正在写入网格上报 …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="129"/>
        <source>{} buildings, {} report rows ({} deliberately unmatchable, {:.1%}).</source>
        <translation>楼栋 {} 个，上报 {} 行（其中 {} 行故意设为无法匹配，占 {:.1%}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="147"/>
        <source>Cannot write into the output folder {}: {}. Choose a folder you may write to.</source>
        <translation>无法写入输出文件夹 {}：{}。请选择有写入权限的文件夹。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="186"/>
        <source>Cannot write layer {} to {}: {}</source>
        <translation>无法将图层 {} 写入 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="179"/>
        <source>Cancelled by the user.</source>
        <translation>用户已取消。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="60"/>
        <source>Districts</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="60"/>
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="60"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="60"/>
        <source>Grid cells</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="60"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="60"/>
        <source>Blocks</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="60"/>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="60"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="60"/>
        <source>Facilities</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="60"/>
        <source>Parks</source>
        <translation>公园</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/democity.py" line="107"/>
        <source>Reports folder (as text, for models)</source>
        <translation>上报文件夹（文本形式，供模型使用）</translation>
    </message>
</context>
<context>
    <name>Groups</name>
    <message>
        <location filename="../processing/base.py" line="23"/>
        <source>Demo and data</source>
        <translation>示例与数据</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="24"/>
        <source>Address library and reports</source>
        <translation>地址库与上报</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="25"/>
        <source>Spatial ledger</source>
        <translation>空间台账</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="26"/>
        <source>Assessment</source>
        <translation>体检评估</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="27"/>
        <source>Spatial analysis</source>
        <translation>空间分析</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="28"/>
        <source>Closed loop</source>
        <translation>治理闭环</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="29"/>
        <source>Renewal planning</source>
        <translation>更新规划</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="30"/>
        <source>Maps and atlases</source>
        <translation>制图与图集</translation>
    </message>
</context>
<context>
    <name>JoinReportsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="169"/>
        <source>Join reports to buildings</source>
        <translation>将上报关联到楼栋</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="172"/>
        <source>Reads grid reports (one .xlsx/.xls/.csv file or a folder of them, every sheet) and joins each row to a building of the standard address library by compound + building + unit, however it is spelt (3号楼, 3#, 三号楼, 第3栋, 天福家园(南区) …), or by a free-text address.

Matching goes exact → alias (library aliases and the alias table, where planners' accepted spellings are kept) → one-character typo within the report's community; ambiguous spellings are never guessed. Reports with coordinates (lon/lat or x/y) that the address does not match are placed by point-in-footprint, then on the nearest footprint within the maximum distance.

Matched rows become points on their building (fields building_id, match_method, match_score); a row that names a compound but no building is a compound-level problem: building_id stays empty and the point lies in the middle of the compound's buildings. Every other row goes to the unmatched table with a reason (no_compound, no_building, no_unit, ambiguous, empty_address, no_location) and the best candidates. Every row keeps source_file, source_sheet and source_row (the row number seen in the spreadsheet). Rows read = matched + unmatched + blank rows. Phone numbers are masked; photos are looked up next to the report file, missing ones are listed.</source>
        <translation>读取网格上报（单个 .xlsx/.xls/.csv 文件或包含此类文件的文件夹，读取所有工作表），并按小区 + 楼栋 + 单元将每一行关联到标准地址库中的楼栋，无论其写法如何（3号楼、3#、三号楼、第3栋、天福家园(南区) …），也可按自由文本地址关联。

匹配顺序依次为：精确匹配 → 别名（地址库别名和别名表，别名表保存规划人员认可的写法）→ 在上报所属社区内容错一个字；有歧义的写法一律不猜测。带有坐标（lon/lat 或 x/y）但地址未能匹配的上报，先按点所在的楼栋轮廓定位，再定位到最大距离内最近的楼栋轮廓。

匹配成功的行生成位于其楼栋上的点（字段 building_id、match_method、match_score）；写了小区但没有楼栋的行视为小区级问题：building_id 留空，点位于该小区各楼栋的中间。其他所有行写入未匹配表，并附原因（no_compound、no_building、no_unit、ambiguous、empty_address、no_location）和最佳候选项。每一行都保留 source_file、source_sheet 和 source_row（电子表格中显示的行号）。读取行数 = 已匹配 + 未匹配 + 空行。电话号码会脱敏处理；照片在上报文件所在位置查找，缺失的照片会列出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="191"/>
        <source>Building library (footprints)</source>
        <translation>楼栋库（楼栋轮廓）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="194"/>
        <source>Alias table (library_aliases)</source>
        <translation>别名表（library_aliases）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="198"/>
        <source>Reports (a .xlsx/.xls/.csv file or a folder)</source>
        <translation>上报（.xlsx/.xls/.csv 文件或文件夹）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="198"/>
        <source>Reports (*.xlsx *.xlsm *.xls *.csv *.txt);;All files (*)</source>
        <translation>上报文件 (*.xlsx *.xlsm *.xls *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="210"/>
        <source>Round (year; 0 = year of the report date)</source>
        <translation>轮次（年份；0 = 取上报日期的年份）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="213"/>
        <source>Coordinates: maximum distance to the nearest footprint (m)</source>
        <translation>坐标：到最近楼栋轮廓的最大距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="216"/>
        <source>Coordinates: CRS of the report coordinates</source>
        <translation>坐标：上报坐标的坐标参考系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="219"/>
        <source>Matched problems</source>
        <translation>已匹配问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="221"/>
        <source>Unmatched reports</source>
        <translation>未匹配上报</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="248"/>
        <source>Building library</source>
        <translation>楼栋库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="250"/>
        <source>Choose the id, compound and building fields of the library.</source>
        <translation>请选择楼栋库的 ID 字段、小区字段和楼栋字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="256"/>
        <source>The building library has no features.</source>
        <translation>楼栋库中没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="264"/>
        <source>The alias table needs the fields alias, compound and kind; it has: {}</source>
        <translation>别名表需要 alias、compound 和 kind 字段；现有字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="271"/>
        <source>Library: {} buildings in {} compounds, {} spellings.</source>
        <translation>地址库：楼栋 {} 个，分布于 {} 个小区，写法 {} 种。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="278"/>
        <source>Choose a report file or folder.</source>
        <translation>请选择上报文件或文件夹。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="293"/>
        <source>No report could be read from {}. {}</source>
        <translation>无法从 {} 读取任何上报。{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="300"/>
        <source>Reading reports …</source>
        <translation>正在读取上报 …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="305"/>
        <source>Matching {} rows …</source>
        <translation>正在匹配 {} 行 …</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="421"/>
        <source>Rows read: {read} = matched {matched} + unmatched {unmatched} + blank {blank} ({files} files, {sheets} sheets).</source>
        <translation>读取行数：{read} = 已匹配 {matched} + 未匹配 {unmatched} + 空行 {blank}（{files} 个文件，{sheets} 个工作表）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="426"/>
        <source>Matched by: {} ({} at compound level, without a building).</source>
        <translation>匹配方式：{}（其中 {} 条为小区级，无楼栋）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="429"/>
        <source>Unmatched because: {}</source>
        <translation>未匹配原因：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="432"/>
        <source>{} photo names were refused (paths outside the report folder); see photo_missing.</source>
        <translation>{} 个照片名称被拒绝（路径位于上报文件夹之外）；详见 photo_missing。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/joinreports.py" line="465"/>
        <source>Problem catalogue not available ({}): problem codes stay empty.</source>
        <translation>问题目录不可用（{}）：问题编码留空。</translation>
    </message>
</context>
<context>
    <name>LibraryFields</name>
    <message>
        <location filename="../processing/base.py" line="36"/>
        <source>Building id field</source>
        <translation>楼栋编号字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="37"/>
        <source>Compound name field</source>
        <translation>小区名称字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="38"/>
        <source>Building number field</source>
        <translation>楼栋号字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="39"/>
        <source>Number of units field</source>
        <translation>单元数字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="40"/>
        <source>Community field</source>
        <translation>社区字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="41"/>
        <source>Grid field</source>
        <translation>网格字段</translation>
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
        <location filename="../dialogs/match_review.py" line="60"/>
        <source>Review unmatched reports</source>
        <translation>核对未匹配上报</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="78"/>
        <source>Unmatched reports</source>
        <translation>未匹配上报</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="79"/>
        <source>Address library (buildings)</source>
        <translation>地址库（楼栋）</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="80"/>
        <source>Building ID field</source>
        <translation>楼栋 ID 字段</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="81"/>
        <source>Compound field</source>
        <translation>小区字段</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="82"/>
        <source>Building number field</source>
        <translation>楼号字段</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="83"/>
        <source>Alias table</source>
        <translation>别名表</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="86"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="86"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="86"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="86"/>
        <source>Address as written</source>
        <translation>原始地址</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="86"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="108"/>
        <source>Candidates</source>
        <translation>候选项</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="96"/>
        <source>Pick building on map</source>
        <translation>在地图上选取楼栋</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="98"/>
        <source>Zoom to candidate</source>
        <translation>缩放至候选项</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="100"/>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="102"/>
        <source>Accept and remember</source>
        <translation>接受并记住</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="103"/>
        <source>Store this spelling of the compound in the alias table, so the next run matches it automatically</source>
        <translation>将小区的这种写法存入别名表，下次运行时即可自动匹配</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="167"/>
        <source>{} unmatched rows</source>
        <translation>{} 条未匹配行</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="193"/>
        <source>building {}</source>
        <translation>楼栋 {}</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="224"/>
        <source>Click a building on the map</source>
        <translation>在地图上点击楼栋</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="252"/>
        <source>Choose a report row and a candidate first</source>
        <translation>请先选择一条上报行和一个候选项</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="265"/>
        <source>Accepted; the compound name was already known</source>
        <translation>已接受；该小区名称已存在</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="267"/>
        <source>Remembered: {} → {}</source>
        <translation>已记住：{} → {}</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="269"/>
        <source>Accepted: {}</source>
        <translation>已接受：{}</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="278"/>
        <source>Choose the alias table (library_aliases) first</source>
        <translation>请先选择别名表（library_aliases）</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="282"/>
        <source>The alias table lacks the fields: {}</source>
        <translation>别名表缺少字段：{}</translation>
    </message>
    <message>
        <location filename="../dialogs/match_review.py" line="290"/>
        <source>Could not write to the alias table: {}</source>
        <translation>无法写入别名表：{}</translation>
    </message>
</context>
<context>
    <name>SurveyFormsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="80"/>
        <source>Write survey forms for grid workers</source>
        <translation>为网格员生成调查表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="98"/>
        <source>Address library (building polygons)</source>
        <translation>地址库（楼栋面）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="102"/>
        <source>One form per value of (grid or community field)</source>
        <translation>每个取值生成一份调查表（网格或社区字段）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="102"/>
        <source>Group name field (file name and title)</source>
        <translation>分组名称字段（用于文件名和标题）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="102"/>
        <source>Community field (options of 社区名)</source>
        <translation>社区字段（“社区名”的选项）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="102"/>
        <source>Grid field (options of 网格)</source>
        <translation>网格字段（“网格”的选项）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="114"/>
        <source>Problem catalogue CSV (empty: the built-in national catalogue)</source>
        <translation>问题目录 CSV（留空则使用内置的全国问题目录）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="117"/>
        <source>Rows per form</source>
        <translation>每份调查表行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="119"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="121"/>
        <source>Forms written</source>
        <translation>已生成的调查表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="135"/>
        <source>Choose a field for {}.</source>
        <translation>请为 {} 选择字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="142"/>
        <source>The address library has no field &quot;{field}&quot; (parameter {param}). Its fields are: {fields}.</source>
        <translation>地址库中没有字段“{field}”（参数 {param}）。现有字段：{fields}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="149"/>
        <source>The problem catalogue file does not exist: {}</source>
        <translation>问题目录文件不存在：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="199"/>
        <source>The forms could not be written to {}: {}</source>
        <translation>无法将调查表写入 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="202"/>
        <source>{path}: {buildings} buildings in {compounds} compounds</source>
        <translation>{path}：楼栋 {buildings} 个，分布于 {compounds} 个小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="204"/>
        <source>{} forms written to {}</source>
        <translation>已将 {} 份调查表写入 {}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="83"/>
        <source>Writes one Excel survey form (.xlsx) per grid or community (the values of the group field) for grid workers, built from the standard address library and the problem catalogue.

Each form has a sheet 问题清单 with about ROWS pre-formatted rows and cascading dropdowns: compound → building → unit, and problem category → problem; option lists for severity; a date check on the report date; a photo file name column (one photo per problem, e.g. 照片/xxx.jpg); an instructions sheet 填表说明 in Chinese; the header is protected and frozen. Its column names are the ones the report reader recognises, so a filled form joins to the library without any column settings.

Buildings without a compound name cannot be offered and are counted in the log. A building without a number is offered by its compound name when it is the only building of that compound (a scattered building 散楼 named by its door address, e.g. 和平路45号). Files are named &lt;group&gt;_&lt;group name&gt;_调查表.xlsx; an existing form with the same name is replaced.</source>
        <translation>根据标准地址库和问题目录，为网格员按网格或社区（分组字段的取值）各生成一份 Excel 调查表（.xlsx）。

每份调查表包含工作表“问题清单”，预置约 ROWS 行已设置格式的行，并提供级联下拉列表：小区 → 楼栋 → 单元，以及问题类别 → 问题；严重程度提供选项列表；上报日期带日期校验；设有照片文件名列（每个问题一张照片，例如 照片/xxx.jpg）；附中文说明工作表“填表说明”；表头受保护并已冻结。其列名与上报读取程序可识别的列名一致，因此填写后的调查表无需任何列设置即可关联到地址库。

缺少小区名称的楼栋无法列入选项，其数量记入日志。没有楼号的楼栋若是其小区唯一的楼栋（以门牌地址命名的散楼，如 和平路45号），以小区名称列入选项。文件命名为 &lt;group&gt;_&lt;group name&gt;_调查表.xlsx；同名的已有调查表将被替换。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="179"/>
        <source>{} buildings have no compound name and are not offered in the forms.</source>
        <translation>{} 个楼栋缺少小区名称，未列入调查表选项。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="185"/>
        <source>{} buildings have no building number in a compound of several buildings: the forms cannot offer them (give them a number in the library).</source>
        <translation>{} 个楼栋所在小区有多栋楼但缺少楼号，调查表无法列出（请在地址库中补充楼号）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/surveyforms.py" line="189"/>
        <source>The address library has no building with a compound name: no form was written.</source>
        <translation>地址库中没有带小区名称的楼栋：未生成调查表。</translation>
    </message>
</context>
<context>
    <name>ThematicMapsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="51"/>
        <source>Thematic maps of indicators and problem categories (PNG and PDF)</source>
        <translation>指标与问题类别专题图（PNG 和 PDF）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="54"/>
        <source>One map per chosen ledger field at city level, for reports and slides: the units of the level coloured in five natural-break classes, district outlines, legend, title, scale bar, north arrow and a source note. Each map is written as PNG and PDF into the output folder. FIELDS is a comma-separated list of ledger fields (ind_house_001 …, cat_gas …, problems_total, problems_per_100hh); empty = every housing indicator and every problem category that has at least one problem in the round.</source>
        <translation>为每个选定的台账字段制作一张全市专题图，用于报告和汇报：该层级单元按自然断点分五级着色，并有区界、图例、标题、比例尺、指北针和数据来源说明。每张图以 PNG 和 PDF 写入输出文件夹。FIELDS 为逗号分隔的台账字段（ind_house_001 …、cat_gas …、problems_total、problems_per_100hh）；留空 = 本轮至少有一条问题的所有住房指标和问题类别。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="68"/>
        <source>Spatial ledger (GeoPackage)</source>
        <translation>空间化体检台账（GeoPackage）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="73"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="73"/>
        <source>Block</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="73"/>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="73"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="73"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="81"/>
        <source>Round (year; 0 = latest in the ledger)</source>
        <translation>轮次（年份；0 = 台账中最新一轮）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="86"/>
        <source>Fields to map (comma-separated; empty = all)</source>
        <translation>制图字段（逗号分隔；留空 = 全部）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="94"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="94"/>
        <source>Screen (150 dpi, compressed photos)</source>
        <translation>屏幕（150 dpi，照片压缩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="94"/>
        <source>Print (300 dpi, lossless)</source>
        <translation>印刷（300 dpi，无损）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="102"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="103"/>
        <source>Files written</source>
        <translation>已写出的文件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="104"/>
        <source>Maps written</source>
        <translation>已写出的地图数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="110"/>
        <source>Problems</source>
        <translation>问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="111"/>
        <source>Open problems</source>
        <translation>未整改问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="112"/>
        <source>Problems per 100 households</source>
        <translation>每百户问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="135"/>
        <source>The ledger {path} does not exist.</source>
        <translation>台账 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="142"/>
        <source>Cannot open {what} ({uri}).</source>
        <translation>无法打开 {what}（{uri}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="167"/>
        <source>{layer} has no field «{field}».</source>
        <translation>{layer} 中没有字段“{field}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="179"/>
        <source>block</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="180"/>
        <source>compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="181"/>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="182"/>
        <source>district</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="208"/>
        <source>Could not write {path}: {error}</source>
        <translation>无法写出 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="213"/>
        <source>Wrote {path}</source>
        <translation>已写出 {path}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="222"/>
        <source>Round {round}, by {level}</source>
        <translation>{round} 年度，按{level}统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="242"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="274"/>
        <source>Source: city health check ledger {file}, round {round}.</source>
        <translation>数据来源：城市体检台账 {file}，{round} 年度。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/thematicmaps.py" line="259"/>
        <source>m</source>
        <translation>米</translation>
    </message>
</context>
</TS>
