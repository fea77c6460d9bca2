<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>LandCarbon</name>
    <message>
      <source>Class names and colours (CSV code,name,color)</source>
      <translation>地类名称和颜色（CSV：code,name,color）</translation>
    </message>
    <message>
      <source>Optional CSV code,name,color: names and colours of the maps and tables of every step.</source>
      <translation>可选 CSV：code,name,color，即各步骤输出地图和表格中的地类名称和颜色。</translation>
    </message>
    <message>
      <source>Random seed</source>
      <translation>随机数种子</translation>
    </message>
    <message>
      <source>Calibrate and validate</source>
      <translation>模型校准与验证</translation>
    </message>
    <message>
      <source>&lt;p&gt;Calibrates PLUS on two past maps and checks it against a third, observed one: the usual first step of a land-use study. Chain: &lt;b&gt;landcarbon:leas&lt;/b&gt; learns the development probability of every class from the change t0 -&gt; t1 and the drivers; &lt;b&gt;landcarbon:markovdemand&lt;/b&gt; projects the cells per class from t0 -&gt; t1 to the year of t2 (NE scenario, the observed trend); &lt;b&gt;landcarbon:cars&lt;/b&gt; simulates the map of t2's year from t1 with those probabilities, that demand and transition matrix; &lt;b&gt;landcarbon:accuracy&lt;/b&gt; compares the simulation with the observed t2 (initial map t1): overall accuracy, Kappa, figure of merit and a map of hits, misses and false alarms.&lt;/p&gt;&lt;p&gt;The three maps must be on one grid with the same class codes; the drivers on that grid too (landcarbon:preparedrivers builds them). Outputs: the simulated map, the accuracy report (CSV) and map, the development probabilities (input of CARS for future scenarios, e.g. in the model 'Scenario to carbon'), the driver contributions and the land demand. Open the model file (resources/models/calibrateandvalidate.model3) in the Graphical Modeler to change the settings of a step.&lt;/p&gt;</source>
      <translation>&lt;p&gt;用两期历史地图校准 PLUS 模型，再用第三期观测地图检验：这是土地利用研究通常的第一步。流程：&lt;b&gt;landcarbon:leas&lt;/b&gt; 根据 t0 -&gt; t1 的变化和驱动因子学习各地类的发展概率；&lt;b&gt;landcarbon:markovdemand&lt;/b&gt; 将 t0 -&gt; t1 的各地类像元数按观测趋势（NE 情景）推算到 t2 年；&lt;b&gt;landcarbon:cars&lt;/b&gt; 以这些发展概率、土地需求和转换矩阵，从 t1 模拟 t2 年的地图；&lt;b&gt;landcarbon:accuracy&lt;/b&gt; 将模拟结果与观测的 t2 比较（初始图为 t1）：总体精度、Kappa 系数、品质因数，以及命中、漏报和误报分布图。&lt;/p&gt;&lt;p&gt;三幅地图必须位于同一网格且地类代码相同；驱动因子也须在该网格上（可用 landcarbon:preparedrivers 制备）。输出：模拟图、精度报告（CSV）及分布图、发展概率（未来情景中 CARS 的输入，如用于模型“情景模拟到碳储量评估”）、驱动因子贡献度和土地需求。在图形建模器（Graphical Modeler）中打开模型文件（resources/models/calibrateandvalidate.model3）可修改各步骤的设置。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;The message names the step (leas, markovdemand, cars, accuracy) and says what is wrong; that algorithm's help explains it.&lt;/li&gt;&lt;li&gt;'Too few samples': raise the sampling rate (small maps need 0.1-0.3).&lt;/li&gt;&lt;li&gt;'not on the same grid': align the maps and drivers first (landcarbon:preparedrivers, Raster &gt; Align Rasters with nearest neighbour for maps).&lt;/li&gt;&lt;li&gt;The years must increase: t0 &amp;lt; t1 &amp;lt; t2.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;错误消息会指明出错的步骤（leas、markovdemand、cars、accuracy）及原因；该算法的帮助中有详细说明。&lt;/li&gt;&lt;li&gt;'Too few samples'：提高抽样比例（小范围地图需 0.1-0.3）。&lt;/li&gt;&lt;li&gt;'not on the same grid'：先对齐地图和驱动因子（landcarbon:preparedrivers，栅格 &gt; 对齐栅格，土地利用图用最近邻重采样）。&lt;/li&gt;&lt;li&gt;年份必须递增：t0 &amp;lt; t1 &amp;lt; t2。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>LEAS (t0 -&gt; t1) -&gt; Markov demand (to t2) -&gt; CARS (t1 -&gt; t2) -&gt; accuracy against the observed t2.</source>
      <translation>LEAS（t0 -&gt; t1）-&gt; 马尔可夫链土地需求（至 t2）-&gt; CARS（t1 -&gt; t2）-&gt; 与观测 t2 比较精度。</translation>
    </message>
    <message>
      <source>Land-use map t0 (earliest)</source>
      <translation>土地利用图 t0（最早）</translation>
    </message>
    <message>
      <source>Integer class codes; start of the calibration pair t0 -&gt; t1.</source>
      <translation>整数地类代码；校准地图对 t0 -&gt; t1 的起点。</translation>
    </message>
    <message>
      <source>Year of t0</source>
      <translation>t0 年份</translation>
    </message>
    <message>
      <source>Calendar year of the map t0.</source>
      <translation>地图 t0 的年份（公历）。</translation>
    </message>
    <message>
      <source>Land-use map t1</source>
      <translation>土地利用图 t1</translation>
    </message>
    <message>
      <source>End of the calibration pair and the map the validation simulation starts from; same grid and codes as t0.</source>
      <translation>校准地图对的终点，也是验证模拟的起始地图；网格和代码与 t0 相同。</translation>
    </message>
    <message>
      <source>Year of t1</source>
      <translation>t1 年份</translation>
    </message>
    <message>
      <source>Calendar year of t1, after t0.</source>
      <translation>t1 的年份（公历），晚于 t0。</translation>
    </message>
    <message>
      <source>Land-use map t2 (observed, for validation)</source>
      <translation>土地利用图 t2（观测，用于验证）</translation>
    </message>
    <message>
      <source>The real map of the year the model simulates; only used to score the simulation.</source>
      <translation>模型所模拟年份的实际地图；仅用于评价模拟精度。</translation>
    </message>
    <message>
      <source>Year of t2</source>
      <translation>t2 年份</translation>
    </message>
    <message>
      <source>Calendar year of t2, after t1: the year simulated from t1.</source>
      <translation>t2 的年份（公历），晚于 t1：即由 t1 模拟的年份。</translation>
    </message>
    <message>
      <source>Drivers (stack or rasters on the land-use grid)</source>
      <translation>驱动因子（与土地利用图同网格的因子栈或栅格）</translation>
    </message>
    <message>
      <source>Driver rasters on exactly the grid of the maps (e.g. the stack of landcarbon:preparedrivers); every band is a driver.</source>
      <translation>与地图网格完全一致的驱动因子栅格（如 landcarbon:preparedrivers 生成的因子栈）；每个波段为一个驱动因子。</translation>
    </message>
    <message>
      <source>LEAS sampling rate (share of the changed cells)</source>
      <translation>LEAS 抽样比例（占变化像元的比例）</translation>
    </message>
    <message>
      <source>Share of the cells that changed between t0 and t1 used to train the random forests (0.01 = 1 %, the PLUS default; small maps need more, e.g. 0.2).</source>
      <translation>t0 与 t1 之间发生变化的像元中用于训练随机森林的比例（0.01 = 1 %，PLUS 默认值；小范围地图需要更大的比例，如 0.2）。</translation>
    </message>
    <message>
      <source>Seed of the LEAS sample and forests and of the CARS draws: the same seed gives the same outputs byte for byte.</source>
      <translation>LEAS 抽样、随机森林和 CARS 随机抽取所用的随机数种子：相同的种子得到逐字节相同的输出。</translation>
    </message>
    <message>
      <source>LEAS: probabilities from t0 -&gt; t1</source>
      <translation>LEAS：由 t0 -&gt; t1 计算发展概率</translation>
    </message>
    <message>
      <source>Development probabilities</source>
      <translation>发展概率</translation>
    </message>
    <message>
      <source>Float32 raster, one band per class (values 0-1): the PROBABILITY input of landcarbon:cars for future scenarios.</source>
      <translation>Float32 栅格，每个地类一个波段（取值 0-1）：未来情景中 landcarbon:cars 的 PROBABILITY 输入。</translation>
    </message>
    <message>
      <source>Driver contributions</source>
      <translation>驱动因子贡献度</translation>
    </message>
    <message>
      <source>CSV, one row per class: share of each driver in explaining its expansion.</source>
      <translation>CSV，每个地类一行：各驱动因子对该地类扩张的解释份额。</translation>
    </message>
    <message>
      <source>Markov demand: t0 -&gt; t1 trend at t2</source>
      <translation>马尔可夫链土地需求：t0 -&gt; t1 趋势推算至 t2</translation>
    </message>
    <message>
      <source>Land demand</source>
      <translation>土地需求</translation>
    </message>
    <message>
      <source>CSV year,code,cells,km2: the cells per class the simulation allocates in the year of t2.</source>
      <translation>CSV（year,code,cells,km2）：模拟在 t2 年需分配的各地类像元数。</translation>
    </message>
    <message>
      <source>CARS: simulate t2 from t1</source>
      <translation>CARS：由 t1 模拟 t2</translation>
    </message>
    <message>
      <source>Simulated land use (year of t2)</source>
      <translation>模拟土地利用图（t2 年）</translation>
    </message>
    <message>
      <source>The simulated map of t2's year: grid and codes of t1, colour table and names.</source>
      <translation>t2 年的模拟图：网格和代码与 t1 相同，附颜色表和地类名称。</translation>
    </message>
    <message>
      <source>Accuracy: simulated vs observed t2</source>
      <translation>精度：模拟与观测 t2 比较</translation>
    </message>
    <message>
      <source>Accuracy report</source>
      <translation>精度报告</translation>
    </message>
    <message>
      <source>CSV: overall accuracy, Kappa, disagreement, figure of merit, per-class accuracies and the confusion matrix (cells).</source>
      <translation>CSV：总体精度、Kappa 系数、分歧、品质因数、各地类精度和混淆矩阵（像元数）。</translation>
    </message>
    <message>
      <source>Hits / misses / false alarms map</source>
      <translation>命中 / 漏报 / 误报分布图</translation>
    </message>
    <message>
      <source>Byte raster: 0 persistence, 1 miss, 2 hit, 3 wrong hit, 4 false alarm.</source>
      <translation>Byte 栅格：0 不变，1 漏报，2 命中，3 错误命中，4 误报。</translation>
    </message>
    <message>
      <source>NE - natural evolution</source>
      <translation>NE - 自然发展情景</translation>
    </message>
    <message>
      <source>UD - urban development</source>
      <translation>UD - 城镇发展情景</translation>
    </message>
    <message>
      <source>CP - cropland protection</source>
      <translation>CP - 耕地保护情景</translation>
    </message>
    <message>
      <source>EP - ecological protection</source>
      <translation>EP - 生态保护情景</translation>
    </message>
    <message>
      <source>Custom (scenario table)</source>
      <translation>Custom（自定义情景表）</translation>
    </message>
    <message>
      <source>Scenario to carbon</source>
      <translation>情景模拟到碳储量评估</translation>
    </message>
    <message>
      <source>&lt;p&gt;From a calibration pair of maps to the carbon, its value and its hot spots in a target year under one scenario. Chain: &lt;b&gt;landcarbon:markovdemand&lt;/b&gt; projects the cells per class from the change start -&gt; end to the target year under the scenario; &lt;b&gt;landcarbon:cars&lt;/b&gt; simulates the target year's map from the end map with the development probabilities (from landcarbon:leas, e.g. the model 'Calibrate and validate'); &lt;b&gt;landcarbon:carbonstock&lt;/b&gt; computes the carbon density of the end map (base) and of the simulation (alternate) and their change (Mg C/ha); &lt;b&gt;landcarbon:carbonvalue&lt;/b&gt; values the change between the end year and the target year (InVEST: price, discount rate, price change); &lt;b&gt;landcarbon:lisa&lt;/b&gt; finds hot and cold spots of the simulated carbon density (global Moran's I and LISA clusters on square analysis cells).&lt;/p&gt;&lt;p&gt;Scenario presets UD, CP, EP are written on class roles (column role of the CLASSES table; without it the CNLUCC codes 1-6 / 11-67 are recognised), so they work for any classification; NE needs no roles. Custom reads your own scenario table (CSV from,to,factor,allowed). Outputs: the simulated map, the carbon densities, change and value rasters, the carbon and value summary tables, the change by conversion, the LISA clusters and the global Moran's I table. Open the model file (resources/models/scenariotocarbon.model3) in the Graphical Modeler to change the settings of a step (e.g. the neighbourhood of CARS or the permutations of LISA).&lt;/p&gt;</source>
      <translation>&lt;p&gt;从一对校准地图出发，得到某一情景下目标年份的碳储量、碳汇价值及其冷热点。流程：&lt;b&gt;landcarbon:markovdemand&lt;/b&gt; 按情景将初期 -&gt; 末期的变化推算为目标年份的各地类像元数；&lt;b&gt;landcarbon:cars&lt;/b&gt; 利用发展概率（来自 landcarbon:leas，如模型“模型校准与验证”）从末期地图模拟目标年份的地图；&lt;b&gt;landcarbon:carbonstock&lt;/b&gt; 计算末期地图（基准）和模拟图（对比）的碳密度及其变化（Mg C/ha）；&lt;b&gt;landcarbon:carbonvalue&lt;/b&gt; 计算末期年份至目标年份碳储量变化的价值（InVEST：碳价、贴现率、碳价变化率）；&lt;b&gt;landcarbon:lisa&lt;/b&gt; 识别模拟碳密度的冷热点（正方形分析单元上的全局莫兰指数和 LISA 聚类）。&lt;/p&gt;&lt;p&gt;预设情景 UD、CP、EP 按地类角色定义（CLASSES 表的 role 列；无该列时识别 CNLUCC 代码 1-6 / 11-67），因此适用于任何分类体系；NE 无需角色。Custom 读取自定义情景表（CSV：from,to,factor,allowed）。输出：模拟图，碳密度、碳储量变化和价值栅格，碳储量与价值汇总表，按地类转换统计的碳储量变化，LISA 聚类以及全局莫兰指数表。在图形建模器（Graphical Modeler）中打开模型文件（resources/models/scenariotocarbon.model3）可修改各步骤的设置（如 CARS 的邻域或 LISA 的置换次数）。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;The message names the step (markovdemand, cars, carbonstock, carbonvalue, lisa) and says what is wrong; that algorithm's help explains it.&lt;/li&gt;&lt;li&gt;'written for the six-class scheme': add a role column to CLASSES.&lt;/li&gt;&lt;li&gt;'no probability band for class': the probabilities must come from landcarbon:leas on maps with the same classes.&lt;/li&gt;&lt;li&gt;The target year must come after the end year; the pools table must list every class.&lt;/li&gt;&lt;li&gt;'Only ... analysis cell(s)' (LISA): give a smaller analysis cell size.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;错误消息会指明出错的步骤（markovdemand、cars、carbonstock、carbonvalue、lisa）及原因；该算法的帮助中有详细说明。&lt;/li&gt;&lt;li&gt;'written for the six-class scheme'：为 CLASSES 表添加 role 列。&lt;/li&gt;&lt;li&gt;'no probability band for class'：发展概率必须由 landcarbon:leas 基于地类相同的地图得到。&lt;/li&gt;&lt;li&gt;目标年份必须晚于末期年份；碳密度表必须列出所有地类。&lt;/li&gt;&lt;li&gt;'Only ... analysis cell(s)'（LISA）：请减小分析单元大小。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Markov demand -&gt; CARS -&gt; carbon stock (end map vs simulation) -&gt; carbon value -&gt; LISA hot spots.</source>
      <translation>马尔可夫链土地需求 -&gt; CARS -&gt; 碳储量（末期地图与模拟图）-&gt; 碳汇价值 -&gt; LISA 冷热点。</translation>
    </message>
    <message>
      <source>Land-use map at the start of the calibration pair</source>
      <translation>校准地图对的初期土地利用图</translation>
    </message>
    <message>
      <source>Integer class codes; the earlier map of the pair whose change the Markov chain extrapolates.</source>
      <translation>整数地类代码；马尔可夫链外推其变化的地图对中较早的一幅。</translation>
    </message>
    <message>
      <source>Year of the start map</source>
      <translation>初期地图年份</translation>
    </message>
    <message>
      <source>Calendar year of the start map.</source>
      <translation>初期地图的年份（公历）。</translation>
    </message>
    <message>
      <source>Land-use map at the end of the calibration pair</source>
      <translation>校准地图对的末期土地利用图</translation>
    </message>
    <message>
      <source>The later map, same grid and codes: the simulation starts from it and it is the base of the carbon change.</source>
      <translation>较晚的地图，网格和代码相同：模拟从此图开始，它也是碳储量变化的基准。</translation>
    </message>
    <message>
      <source>Year of the end map</source>
      <translation>末期地图年份</translation>
    </message>
    <message>
      <source>Calendar year of the end map, after the start year; the base year of the valuation.</source>
      <translation>末期地图的年份（公历），晚于初期年份；也是估值的基准年份。</translation>
    </message>
    <message>
      <source>Target year</source>
      <translation>目标年份</translation>
    </message>
    <message>
      <source>Year to simulate, after the end year; the year of the alternate map in the valuation.</source>
      <translation>需要模拟的年份，晚于末期年份；即估值中对比图的年份。</translation>
    </message>
    <message>
      <source>Scenario</source>
      <translation>情景</translation>
    </message>
    <message>
      <source>NE keeps the observed trend (any class scheme). UD, CP, EP adjust it by class role (see landcarbon:markovdemand). Custom reads SCENARIO_TABLE.</source>
      <translation>NE 保持观测趋势（适用于任何分类体系）。UD、CP、EP 按地类角色调整该趋势（见 landcarbon:markovdemand）。Custom 读取 SCENARIO_TABLE。</translation>
    </message>
    <message>
      <source>Scenario table (CSV from,to,factor,allowed)</source>
      <translation>情景表（CSV：from,to,factor,allowed）</translation>
    </message>
    <message>
      <source>Only with Custom: one row per adjusted conversion (from and to codes, factor, allowed 1/0). Examples in resources/scenarios.</source>
      <translation>仅在选择 Custom 时使用：每个调整的转换一行（from 和 to 代码、factor、allowed 1/0）。示例见 resources/scenarios。</translation>
    </message>
    <message>
      <source>Development probabilities (from leas)</source>
      <translation>发展概率（LEAS 输出）</translation>
    </message>
    <message>
      <source>Float32 raster with one band per class from landcarbon:leas (or the model 'Calibrate and validate'), on the grid of the maps.</source>
      <translation>landcarbon:leas（或模型“模型校准与验证”）输出的 Float32 栅格，每个地类一个波段，与地图网格一致。</translation>
    </message>
    <message>
      <source>Carbon pools table (CSV)</source>
      <translation>碳密度表（CSV）</translation>
    </message>
    <message>
      <source>InVEST-format CSV lucode, c_above, c_below, c_soil, c_dead (Mg C/ha) for every class of the maps; used for both maps unless POOLS_ALT is given.</source>
      <translation>InVEST 格式的 CSV：lucode、c_above、c_below、c_soil、c_dead（Mg C/ha），须包含地图中的所有地类；未给出 POOLS_ALT 时两幅地图均使用此表。</translation>
    </message>
    <message>
      <source>Pools table of the simulated map (CSV)</source>
      <translation>模拟图碳密度表（CSV）</translation>
    </message>
    <message>
      <source>Optional table for the simulated map (e.g. densities corrected for a climate pathway with landcarbon:climatecorrection).</source>
      <translation>可选：模拟图使用的碳密度表（如用 landcarbon:climatecorrection 按某一气候路径修正的碳密度）。</translation>
    </message>
    <message>
      <source>Carbon prices</source>
      <translation>碳价</translation>
    </message>
    <message>
      <source>One or more prices separated by commas (currency per t C, or per t CO2 with PRICE_UNIT); the value raster uses the first.</source>
      <translation>一个或多个价格，以逗号分隔（每吨碳的货币金额，或配合 PRICE_UNIT 按每吨 CO2 计）；价值栅格使用第一个价格。</translation>
    </message>
    <message>
      <source>Prices are per</source>
      <translation>价格单位</translation>
    </message>
    <message>
      <source>t C: per metric ton of carbon (InVEST); t CO2: per ton of CO2 (converted with 44/12).</source>
      <translation>t C：按每吨碳计价（InVEST）；t CO2：按每吨 CO2 计价（按 44/12 换算）。</translation>
    </message>
    <message>
      <source>Discount rate (% per year)</source>
      <translation>贴现率（%/yr）</translation>
    </message>
    <message>
      <source>Annual market discount rate r in % (InVEST).</source>
      <translation>年市场贴现率 r，单位为 %（InVEST）。</translation>
    </message>
    <message>
      <source>Annual rate of change in the carbon price (%)</source>
      <translation>碳价年变化率（%）</translation>
    </message>
    <message>
      <source>InVEST's c in %: acts as an additional discount.</source>
      <translation>InVEST 中的 c，单位为 %：相当于额外的贴现。</translation>
    </message>
    <message>
      <source>LISA analysis cell size (map units)</source>
      <translation>LISA 分析单元大小（地图单位）</translation>
    </message>
    <message>
      <source>Side of the square analysis cells of the hot-spot analysis in the maps' units (e.g. 1000 m), at least the pixel size.</source>
      <translation>冷热点分析中正方形分析单元的边长，单位为地图单位（如 1000 m），不得小于像元大小。</translation>
    </message>
    <message>
      <source>Seed of the CARS draws and of the LISA permutations: the same seed gives the same outputs byte for byte.</source>
      <translation>CARS 随机抽取和 LISA 置换所用的随机数种子：相同的种子得到逐字节相同的输出。</translation>
    </message>
    <message>
      <source>Markov demand under the scenario</source>
      <translation>情景下的马尔可夫链土地需求</translation>
    </message>
    <message>
      <source>CSV year,code,cells,km2 of the target year under the scenario.</source>
      <translation>该情景下目标年份的 CSV（year,code,cells,km2）。</translation>
    </message>
    <message>
      <source>CARS: simulate the target year</source>
      <translation>CARS：模拟目标年份</translation>
    </message>
    <message>
      <source>Simulated land use (target year)</source>
      <translation>模拟土地利用图（目标年份）</translation>
    </message>
    <message>
      <source>The simulated map of the target year: grid and codes of the end map, colour table and names.</source>
      <translation>目标年份的模拟图：网格和代码与末期地图相同，附颜色表和地类名称。</translation>
    </message>
    <message>
      <source>Carbon: end map vs simulation</source>
      <translation>碳储量：末期地图与模拟图</translation>
    </message>
    <message>
      <source>Carbon density, end year (Mg C/ha)</source>
      <translation>碳密度，末期年份（Mg C/ha）</translation>
    </message>
    <message>
      <source>Float32 raster: total carbon density of the end map (Mg C/ha).</source>
      <translation>Float32 栅格：末期地图的总碳密度（Mg C/ha）。</translation>
    </message>
    <message>
      <source>Carbon density, target year (Mg C/ha)</source>
      <translation>碳密度，目标年份（Mg C/ha）</translation>
    </message>
    <message>
      <source>Float32 raster: total carbon density of the simulated map (Mg C/ha).</source>
      <translation>Float32 栅格：模拟图的总碳密度（Mg C/ha）。</translation>
    </message>
    <message>
      <source>Carbon change (Mg C/ha)</source>
      <translation>碳储量变化（Mg C/ha）</translation>
    </message>
    <message>
      <source>Float32 raster: target year - end year density (Mg C/ha).</source>
      <translation>Float32 栅格：目标年份 - 末期年份的碳密度（Mg C/ha）。</translation>
    </message>
    <message>
      <source>Carbon summary (CSV)</source>
      <translation>碳储量汇总（CSV）</translation>
    </message>
    <message>
      <source>CSV per map and class: cells, area (ha), density (Mg C/ha), carbon (Mg, Tg).</source>
      <translation>CSV，按地图和地类列出：像元数、面积（ha）、碳密度（Mg C/ha）、碳储量（Mg、Tg）。</translation>
    </message>
    <message>
      <source>Carbon change by conversion (CSV)</source>
      <translation>按地类转换统计的碳储量变化（CSV）</translation>
    </message>
    <message>
      <source>CSV per from -&gt; to class pair: cells and carbon change (Mg).</source>
      <translation>CSV，每个“转出 -&gt; 转入”地类对一行：像元数和碳储量变化（Mg）。</translation>
    </message>
    <message>
      <source>Value of the carbon change</source>
      <translation>碳储量变化的价值</translation>
    </message>
    <message>
      <source>Value of the change (currency/ha)</source>
      <translation>变化的价值（货币单位/ha）</translation>
    </message>
    <message>
      <source>Float32 raster: carbon change (Mg C/ha) x the valuation constant of the first price.</source>
      <translation>Float32 栅格：碳储量变化（Mg C/ha）x 第一个价格的估值系数。</translation>
    </message>
    <message>
      <source>Value summary (CSV)</source>
      <translation>价值汇总（CSV）</translation>
    </message>
    <message>
      <source>CSV per price: valuation constant and total value of the change (currency).</source>
      <translation>CSV，每个价格一行：估值系数和变化的总价值（货币单位）。</translation>
    </message>
    <message>
      <source>Hot spots of the simulated carbon</source>
      <translation>模拟碳储量的冷热点</translation>
    </message>
    <message>
      <source>LISA clusters of the simulated carbon</source>
      <translation>模拟碳储量的 LISA 聚类</translation>
    </message>
    <message>
      <source>Byte raster on the analysis grid: 0 not significant, 1 High-High, 2 Low-High, 3 Low-Low, 4 High-Low, 5 no neighbours.</source>
      <translation>分析格网上的 Byte 栅格：0 不显著，1 高-高，2 低-高，3 低-低，4 高-低，5 无邻居。</translation>
    </message>
    <message>
      <source>Global Moran's I (CSV)</source>
      <translation>全局莫兰指数（CSV）</translation>
    </message>
    <message>
      <source>CSV statistic,value,description: Moran's I of the simulated carbon density, its expectation, z and p values.</source>
      <translation>CSV（statistic,value,description）：模拟碳密度的 Moran's I、期望值、z 值和 p 值。</translation>
    </message>
    <message>
      <source>When it fails</source>
      <translation>运行失败时</translation>
    </message>
    <message>
      <source>not a readable model file</source>
      <translation>不是可读取的模型文件</translation>
    </message>
    <message>
      <source>The example model {0} was not loaded ({1}); reinstall the plugin or rebuild the models with scripts/build_models.py.</source>
      <translation>示例模型 {0} 未能加载（{1}）；请重新安装插件，或用 scripts/build_models.py 重新生成模型。</translation>
    </message>
    <message>
      <source>The example model {0} uses algorithm(s) that are not available: {1}.</source>
      <translation>示例模型 {0} 使用了不可用的算法：{1}。</translation>
    </message>
    <message>
      <source>LandCarbon: land-use simulation and carbon</source>
      <translation>LandCarbon：土地利用模拟与碳储量评估</translation>
    </message>
    <message>
      <source>Simulation accuracy</source>
      <translation>模拟精度验证</translation>
    </message>
    <message>
      <source>&lt;p&gt;How good a simulation is: compares a simulated map with the observed map of the same year, knowing the initial map the simulation started from. Only cells valid in all three maps count.&lt;/p&gt;&lt;p&gt;Confusion matrix (rows = simulated, columns = observed, cells), overall accuracy, Cohen's Kappa, producer's accuracy (diagonal / observed total) and user's accuracy (diagonal / simulated total) per class, quantity and allocation disagreement (Pontius &amp;amp; Millones 2011; they add up to 1 - overall accuracy), Kappa location and Kappa histogram (Hagen 2002; Kappa = their product).&lt;/p&gt;&lt;p&gt;Figure of merit (Pontius) over the cells where change was observed or simulated: A misses (observed change simulated as persistence), B hits, C wrong hits (change to the wrong class), D false alarms (observed persistence simulated as change); FoM = B / (A + B + C + D), producer's = B / (A + B + C), user's = B / (B + C + D). The map shows 0 persistence, 1 A, 2 B, 3 C, 4 D.&lt;/p&gt;&lt;p&gt;All fractions are 0..1. An optional sampling rate computes the statistics on a random share of the cells (seeded), like the official PLUS tool's sampled Kappa; the map always covers every cell.&lt;/p&gt;</source>
      <translation>&lt;p&gt;评价模拟结果的精度：在已知模拟起始地图的前提下，将模拟图与同一年份的实际观测图进行比较。只统计在三幅图中均为有效值的像元。&lt;/p&gt;&lt;p&gt;输出混淆矩阵（行 = 模拟，列 = 观测，单位：像元）、总体精度、Cohen Kappa 系数、各地类的生产者精度（对角线 / 观测总数）和用户精度（对角线 / 模拟总数）、数量分歧与配置分歧（Pontius &amp;amp; Millones 2011；二者之和等于 1 - 总体精度），以及位置 Kappa（Kappa location）和直方图 Kappa（Kappa histogram）（Hagen 2002；Kappa 等于二者之积）。&lt;/p&gt;&lt;p&gt;品质因数（FoM，Pontius）在观测到变化或模拟出变化的像元上计算：A 为漏报（观测为变化、模拟为不变），B 为命中，C 为错误命中（变化为错误的地类），D 为误报（观测为不变、模拟为变化）；FoM = B / (A + B + C + D)，生产者精度 = B / (A + B + C)，用户精度 = B / (B + C + D)。结果图中 0 为不变，1 为 A，2 为 B，3 为 C，4 为 D。&lt;/p&gt;&lt;p&gt;所有比例均介于 0..1。可选的抽样比例表示仅在随机抽取（指定随机数种子）的部分像元上计算统计量，与 PLUS 官方工具的抽样 Kappa 做法相同；结果图始终覆盖全部像元。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;p&gt;Baselines (on by default): the simulation's changes (its from -&gt; to cell counts) allocated at random, and to the cells nearest to the existing patches of each target class, scored on the same cells; the log and the report give the model's FoM as a multiple of each baseline's FoM (above 1: the model places change better than the baseline).&lt;/p&gt;</source>
      <translation>&lt;p&gt;基准模型（默认开启）：将模拟的变化（其“转出 -&gt; 转入”像元数）随机分配，以及分配到距各目标地类现有斑块最近的像元，并在相同的像元上评价；日志和报告给出模型 FoM 相对于各基准模型 FoM 的倍数（大于 1：模型对变化位置的模拟优于该基准模型）。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'not on the same grid': the simulated map must be on the grid of the observed and initial maps (Raster &gt; Align Rasters, nearest neighbour).&lt;/li&gt;&lt;li&gt;'No cell holds a class in all three maps': the maps do not overlap; check their extents and nodata values.&lt;/li&gt;&lt;li&gt;FoM 'undefined' (warning): nothing changed between INITIAL and OBSERVED; INITIAL must be the map the simulation started from.&lt;/li&gt;&lt;li&gt;'SAMPLING_RATE': give a share in (0, 1] or leave it empty.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'not on the same grid'：模拟图必须与观测图、初始图位于同一栅格网格上（栅格 &gt; 对齐栅格，最近邻重采样）。&lt;/li&gt;&lt;li&gt;'No cell holds a class in all three maps'：三幅图没有重叠，请检查其范围和 NoData 值。&lt;/li&gt;&lt;li&gt;FoM 'undefined'（警告）：INITIAL 与 OBSERVED 之间没有任何变化；INITIAL 必须是模拟的起始地图。&lt;/li&gt;&lt;li&gt;'SAMPLING_RATE'：请给出 (0, 1] 区间内的比例，或留空。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;Baselines too slow, or out of disk space, on a very large map: they write temporary files beside the report; switch BASELINES off.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;在超大地图上基准模型运行过慢或磁盘空间不足：基准模型会在报告旁写入临时文件；请关闭 BASELINES。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Initial land-use map (start of the simulation)</source>
      <translation>初始土地利用图（模拟起点）</translation>
    </message>
    <message>
      <source>The map the simulation started from (t0); integer class codes.</source>
      <translation>模拟的起始地图（t0），像元值为整数地类代码。</translation>
    </message>
    <message>
      <source>Observed land-use map (target year)</source>
      <translation>观测土地利用图（目标年份）</translation>
    </message>
    <message>
      <source>The real map of the simulated year (t1), same grid.</source>
      <translation>模拟年份（t1）的实际地图，网格相同。</translation>
    </message>
    <message>
      <source>Simulated land-use map (target year)</source>
      <translation>模拟土地利用图（目标年份）</translation>
    </message>
    <message>
      <source>The simulation of t1 from the initial map, same grid and class codes.</source>
      <translation>由初始图模拟得到的 t1 地图，网格和地类代码相同。</translation>
    </message>
    <message>
      <source>Sampling rate (empty = full map)</source>
      <translation>抽样比例（留空 = 全图）</translation>
    </message>
    <message>
      <source>Optional share of the valid cells (0 &lt; rate &lt;= 1, e.g. 0.01) drawn at random for the statistics, as the official PLUS tool does for Kappa. Empty = every cell (recommended).</source>
      <translation>可选：随机抽取用于统计的有效像元比例（0 &lt; rate &lt;= 1，如 0.01），与 PLUS 官方工具计算 Kappa 的做法相同。留空 = 使用全部像元（推荐）。</translation>
    </message>
    <message>
      <source>Random seed (sampling and baselines)</source>
      <translation>随机数种子（抽样和基准模型）</translation>
    </message>
    <message>
      <source>Seed of the random sample (with a sampling rate) and of the baselines' random allocation and ties; the same seed gives the same numbers.</source>
      <translation>随机抽样（设置抽样比例时）以及基准模型随机分配和并列取舍所用的随机数种子；相同的种子得到相同的数值。</translation>
    </message>
    <message>
      <source>Score the random and nearest-patch baselines</source>
      <translation>评价随机分配和邻近斑块两种基准模型</translation>
    </message>
    <message>
      <source>Also score two baselines with the simulation's from -&gt; to cell counts on the same cells: random allocation, and the cells nearest to the existing patches of each target class (targets in ascending class code). The report gets fom_baseline_random / _nearest, kappa_..., overall_accuracy_... and fom_multiple_of_baseline_... rows. Costs a few passes over the maps per target class; off = the model only.</source>
      <translation>另外以模拟的“转出 -&gt; 转入”像元数在相同的像元上评价两种基准模型：随机分配，以及分配到距各目标地类现有斑块最近的像元（目标地类按代码升序处理）。报告中增加 fom_baseline_random / _nearest、kappa_...、overall_accuracy_... 和 fom_multiple_of_baseline_... 各行。每个目标地类需对地图多遍历几次；关闭 = 仅评价模型。</translation>
    </message>
    <message>
      <source>Optional: class names used in the report.</source>
      <translation>可选：报告中使用的地类名称。</translation>
    </message>
    <message>
      <source>CSV with columns statistic, code, name, value, unit, observed_&lt;code&gt;: OA, Kappa, Kappa location/histogram, quantity and allocation disagreement, FoM and its producer's/user's accuracy, A/B/C/D cells, per-class producer's and user's accuracy, then the confusion matrix (statistic confusion_cells, code = simulated class, observed_&lt;code&gt; = cells per observed class). Empty value = undefined.</source>
      <translation>CSV，列为 statistic、code、name、value、unit、observed_&lt;code&gt;：OA、Kappa、位置 Kappa / 直方图 Kappa、数量分歧与配置分歧、FoM 及其生产者精度 / 用户精度、A/B/C/D 像元数、各地类的生产者精度和用户精度，随后是混淆矩阵（statistic 为 confusion_cells，code = 模拟地类，observed_&lt;code&gt; = 各观测地类的像元数）。值为空 = 无定义。</translation>
    </message>
    <message>
      <source>Byte raster: 0 persistence, 1 A miss, 2 B hit, 3 C wrong hit, 4 D false alarm, 255 nodata; colour table, names and .qml.</source>
      <translation>Byte 栅格：0 不变，1 A 漏报，2 B 命中，3 C 错误命中，4 D 误报，255 NoData；附颜色表、类别名称和 .qml 样式文件。</translation>
    </message>
    <message>
      <source>Kappa</source>
      <translation>Kappa 系数</translation>
    </message>
    <message>
      <source>Overall accuracy</source>
      <translation>总体精度</translation>
    </message>
    <message>
      <source>Figure of merit</source>
      <translation>品质因数（FoM）</translation>
    </message>
    <message>
      <source>Figure of merit of the random baseline</source>
      <translation>随机分配基准模型的品质因数</translation>
    </message>
    <message>
      <source>Figure of merit of the nearest-patch baseline</source>
      <translation>邻近斑块基准模型的品质因数</translation>
    </message>
    <message>
      <source>Carbon storage</source>
      <translation>碳储量评估</translation>
    </message>
    <message>
      <source>&lt;p&gt;Carbon stored in a land-use map and, with an alternate map (a later date or a simulation), the change and the conversions that caused it; the semantics of InVEST 3.20 Carbon Storage and Sequestration, so results can be cross-checked.&lt;/p&gt;&lt;p&gt;Each class has four pools from the POOLS table (above-ground, below-ground, soil, dead organic matter, Mg C/ha). Density of a cell = sum of its class's pools (Mg C/ha); stock = density x cell area in ha (Mg C). Totals are float64 sums, reported in Mg and Tg (1 Tg = 10^6 Mg) by pool and class; vegetation = above + below. On a geographic CRS the true area of every row of cells is used. The alternate map may use its own table (POOLS_ALT, e.g. climate-corrected densities from landcarbon:climatecorrection).&lt;/p&gt;&lt;p&gt;Change = alternate - base (Mg C/ha) where both maps hold data. When the nodata footprints differ, the summary gives both 'alt total - base total' and the sum of the change over cells valid in both, and why they differ. The attribution splits the change by from -&gt; to class pair (cells, km2, Mg, Tg, shares); ZONES (polygons + name field, or a zone raster) gives totals per region. Rasters are Float32 with nodata -3.4e38 (not InVEST's -1, which is a possible change).&lt;/p&gt;</source>
      <translation>&lt;p&gt;计算一幅土地利用图的碳储量；若另给一幅对比地图（较晚年份或模拟结果），还计算碳储量变化及引起变化的地类转换。计算方法与 InVEST 3.20 碳储存与固持（Carbon Storage and Sequestration）模型一致，便于相互校核。&lt;/p&gt;&lt;p&gt;每个地类在 POOLS 表中有四个碳库（地上生物量碳、地下生物量碳、土壤有机碳、死亡有机质碳，Mg C/ha）。像元碳密度 = 其地类四个碳库之和（Mg C/ha）；碳储量 = 碳密度 x 像元面积（ha）（Mg C）。总量以 float64 累加，按碳库和地类以 Mg 和 Tg（1 Tg = 10^6 Mg）报告；植被碳 = 地上 + 地下。地理坐标系下按每行像元的真实面积计算。对比地图可使用单独的碳密度表（POOLS_ALT，如 landcarbon:climatecorrection 输出的气候修正碳密度）。&lt;/p&gt;&lt;p&gt;变化量 = 对比图 - 基准图（Mg C/ha），只在两幅图均有数据的像元上计算。若两幅图的 NoData 范围不同，汇总表同时给出“对比图总量 - 基准图总量”和“两图均有效像元上的变化量之和”，并说明二者为何不同。变化归因按“转出 -&gt; 转入”地类对拆分变化量（像元数、km2、Mg、Tg、占比）；ZONES（面图层 + 名称字段，或分区栅格）给出各区域的总量。输出栅格为 Float32，NoData 为 -3.4e38（而非 InVEST 的 -1，因为 -1 可能是真实的变化值）。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'has no row for': add the listed land-use codes to the pools table (0 for classes without carbon) or reclassify the map.&lt;/li&gt;&lt;li&gt;'is empty' / 'not a number' / 'appears twice': fix the pools table at the row and column named.&lt;/li&gt;&lt;li&gt;'not on the same grid': align the maps (Raster &gt; Align Rasters, nearest neighbour).&lt;/li&gt;&lt;li&gt;Zones: give a polygon layer with features (and a name field) or an integer zone raster on the map's grid, not both.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'has no row for'：在碳密度表中补充所列的土地利用代码（无碳地类填 0），或对地图重分类。&lt;/li&gt;&lt;li&gt;'is empty' / 'not a number' / 'appears twice'：按提示的行和列修正碳密度表。&lt;/li&gt;&lt;li&gt;'not on the same grid'：先对齐地图（栅格 &gt; 对齐栅格，最近邻重采样）。&lt;/li&gt;&lt;li&gt;分区：提供含要素（及名称字段）的面图层，或与地图网格一致的整数分区栅格，二者只能选其一。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Land-use map (base)</source>
      <translation>土地利用图（基准）</translation>
    </message>
    <message>
      <source>Integer land-use raster, e.g. the current or first-date map.</source>
      <translation>整数土地利用栅格，如现状图或第一期地图。</translation>
    </message>
    <message>
      <source>InVEST-format CSV: lucode, c_above, c_below, c_soil, c_dead (Mg C/ha), headers in any case; a name column (e.g. LULC_Name) labels the classes. Every code of the map needs a row.</source>
      <translation>InVEST 格式的 CSV：lucode、c_above、c_below、c_soil、c_dead（Mg C/ha），表头不区分大小写；名称列（如 LULC_Name）用于标注地类。地图中的每个代码都必须有对应的行。</translation>
    </message>
    <message>
      <source>Alternate land-use map</source>
      <translation>对比土地利用图</translation>
    </message>
    <message>
      <source>Optional second map on the same grid (later date or simulation); gives the change, its attribution and the alternate stock.</source>
      <translation>可选：同一网格上的第二幅地图（较晚年份或模拟结果）；用于计算碳储量变化、变化归因和对比图的碳储量。</translation>
    </message>
    <message>
      <source>Pools table of the alternate map (CSV)</source>
      <translation>对比图碳密度表（CSV）</translation>
    </message>
    <message>
      <source>Optional table for the alternate map (e.g. densities corrected for a climate pathway); default: the POOLS table.</source>
      <translation>可选：对比图使用的碳密度表（如按某一气候路径修正后的碳密度）；默认使用 POOLS 表。</translation>
    </message>
    <message>
      <source>Carbon density, base (Mg C/ha)</source>
      <translation>碳密度，基准图（Mg C/ha）</translation>
    </message>
    <message>
      <source>Float32 raster: total carbon density of each cell (Mg C/ha), green ramp.</source>
      <translation>Float32 栅格：各像元的总碳密度（Mg C/ha），绿色色带。</translation>
    </message>
    <message>
      <source>Carbon density, alternate (Mg C/ha)</source>
      <translation>碳密度，对比图（Mg C/ha）</translation>
    </message>
    <message>
      <source>Float32 raster of the alternate map (Mg C/ha); needs LANDUSE_ALT.</source>
      <translation>对比图的 Float32 碳密度栅格（Mg C/ha）；需要 LANDUSE_ALT。</translation>
    </message>
    <message>
      <source>Carbon change, alternate - base (Mg C/ha)</source>
      <translation>碳储量变化，对比图 - 基准图（Mg C/ha）</translation>
    </message>
    <message>
      <source>Float32 raster: alternate - base density where both maps hold data (Mg C/ha; x cell area in ha = Mg), diverging ramp; input of landcarbon:carbonvalue. Needs LANDUSE_ALT.</source>
      <translation>Float32 栅格：两图均有数据处对比图与基准图的碳密度之差（Mg C/ha；乘以像元面积（ha）即为 Mg），发散色带；可作为 landcarbon:carbonvalue 的输入。需要 LANDUSE_ALT。</translation>
    </message>
    <message>
      <source>Pools, base (4 bands, Mg C/ha)</source>
      <translation>碳库，基准图（4 个波段，Mg C/ha）</translation>
    </message>
    <message>
      <source>Optional Float32 raster with one band per pool: c_above, c_below, c_soil, c_dead (Mg C/ha).</source>
      <translation>可选：每个碳库一个波段的 Float32 栅格：c_above、c_below、c_soil、c_dead（Mg C/ha）。</translation>
    </message>
    <message>
      <source>Pools, alternate (4 bands, Mg C/ha)</source>
      <translation>碳库，对比图（4 个波段，Mg C/ha）</translation>
    </message>
    <message>
      <source>Optional, as OUTPUT_POOLS for the alternate map.</source>
      <translation>可选：对比图的碳库栅格，同 OUTPUT_POOLS。</translation>
    </message>
    <message>
      <source>CSV: per map and class cells, area_ha, density (Mg C/ha), carbon per pool, vegetation (above + below) and total in Mg and in Tg, and an 'all' row; then the change as 'alt total - base total' and as 'sum of change over cells valid in both', with a note when they differ.</source>
      <translation>CSV：按地图和地类列出像元数、area_ha、碳密度（Mg C/ha）、各碳库碳储量、植被碳（地上 + 地下）和总碳储量（Mg 与 Tg），另有一行 'all'（合计）；随后以“对比图总量 - 基准图总量”和“两图均有效像元上的变化量之和”两种方式给出变化量，二者不同时附说明。</translation>
    </message>
    <message>
      <source>Change by conversion (CSV)</source>
      <translation>按地类转换统计的碳储量变化（CSV）</translation>
    </message>
    <message>
      <source>CSV, one row per from -&gt; to class pair present (cells valid in both maps): cells, km2, change_Mg, change_Tg, share of the net change (%) and of the gross change (sum of |change|, %). Needs LANDUSE_ALT.</source>
      <translation>CSV，每个出现的“转出 -&gt; 转入”地类对一行（两图均有效的像元）：像元数、km2、change_Mg、change_Tg、占净变化的比例（%）和占总变化（|变化量| 之和）的比例（%）。需要 LANDUSE_ALT。</translation>
    </message>
    <message>
      <source>Carbon by zone (CSV)</source>
      <translation>分区碳储量（CSV）</translation>
    </message>
    <message>
      <source>CSV per zone (plus cells outside every zone, plus all): valid cells, km2, base and alternate totals (Mg, Tg), change over cells valid in both (Mg, Tg). Needs ZONES or ZONES_RASTER.</source>
      <translation>CSV，每个分区一行（另有不属于任何分区的像元及合计）：有效像元数、km2、基准图与对比图的碳储量总量（Mg、Tg）、两图均有效像元上的变化量（Mg、Tg）。需要 ZONES 或 ZONES_RASTER。</translation>
    </message>
    <message>
      <source>Total carbon, base (Mg C)</source>
      <translation>基准图总碳储量（Mg C）</translation>
    </message>
    <message>
      <source>Total carbon, alternate (Mg C)</source>
      <translation>对比图总碳储量（Mg C）</translation>
    </message>
    <message>
      <source>Carbon change over cells valid in both maps (Mg C)</source>
      <translation>两图均有效像元上的碳储量变化（Mg C）</translation>
    </message>
    <message>
      <source>Carbon sink value</source>
      <translation>碳汇价值</translation>
    </message>
    <message>
      <source>&lt;p&gt;Money value of a carbon change (the change raster of landcarbon:carbonstock, Mg C/ha) with the valuation of InVEST 3.20 Carbon: the change is spread evenly over the N = YEAR_ALT - YEAR_BASE years and each year's share is discounted: value = change x K, K = V / N x (1 - q^N) / (1 - q), q = 1 / ((1 + r/100)(1 + c/100)) (K = V when q = 1), with V the price per t of carbon, r the discount rate and c InVEST's annual rate of change in the price (it acts as a further discount: a positive c lowers the value). Prices per t CO2 are converted with x 44/12.&lt;/p&gt;&lt;p&gt;Several prices give one valuation each (e.g. 100,449.4,814.74,1716,4182.22); the value raster (currency/ha) uses the first. Beyond InVEST: a PRICE_PATH table (year,price; more price columns = more scenarios) replaces V and c: K = 1/N x sum over t = 0..N-1 of P(YEAR_BASE + t) / (1 + r/100)^t, prices interpolated linearly between the years given. A constant path equals InVEST with c = 0. ZONES give the value per region.&lt;/p&gt;</source>
      <translation>&lt;p&gt;按 InVEST 3.20 碳模型的估值方法，计算碳储量变化（landcarbon:carbonstock 输出的变化栅格，Mg C/ha）的经济价值：变化量在 N = YEAR_ALT - YEAR_BASE 年内均匀分摊，每年的份额分别贴现：价值 = 变化量 x K，K = V / N x (1 - q^N) / (1 - q)，q = 1 / ((1 + r/100)(1 + c/100))（q = 1 时 K = V），其中 V 为每吨碳的价格，r 为贴现率，c 为 InVEST 中碳价的年变化率（其作用相当于额外的贴现：c 为正时价值降低）。按每吨 CO2 计的价格乘以 44/12 换算。&lt;/p&gt;&lt;p&gt;给出多个价格时分别估值（如 100,449.4,814.74,1716,4182.22）；价值栅格（货币单位/ha）使用第一个价格。InVEST 之外的扩展：PRICE_PATH 表（year,price；多个价格列 = 多个情景）取代 V 和 c：K = 1/N x 对 t = 0..N-1 求和 P(YEAR_BASE + t) / (1 + r/100)^t，给定年份之间的价格线性插值。碳价不变的价格路径与 c = 0 时的 InVEST 结果相同。ZONES 给出各区域的价值。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'must be after YEAR_BASE': the alternate year must be later.&lt;/li&gt;&lt;li&gt;'is not a number': write PRICES as numbers separated by commas, with a dot as decimal separator.&lt;/li&gt;&lt;li&gt;Price path: it must cover YEAR_BASE to YEAR_ALT - 1.&lt;/li&gt;&lt;li&gt;Zones: a polygon layer with features, or an integer zone raster on the grid of the change raster.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'must be after YEAR_BASE'：对比图年份必须晚于基准年份。&lt;/li&gt;&lt;li&gt;'is not a number'：PRICES 应为以逗号分隔的数字，小数点用英文句点。&lt;/li&gt;&lt;li&gt;碳价路径：必须覆盖 YEAR_BASE 至 YEAR_ALT - 1 的各年。&lt;/li&gt;&lt;li&gt;分区：含要素的面图层，或与变化栅格网格一致的整数分区栅格。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Raster of the carbon change in Mg C/ha (OUTPUT_CHANGE of landcarbon:carbonstock); its nodata cells are skipped.</source>
      <translation>碳储量变化栅格，单位 Mg C/ha（landcarbon:carbonstock 的 OUTPUT_CHANGE）；跳过其 NoData 像元。</translation>
    </message>
    <message>
      <source>Year of the base map</source>
      <translation>基准图年份</translation>
    </message>
    <message>
      <source>Calendar year of the base land-use map.</source>
      <translation>基准土地利用图的年份（公历）。</translation>
    </message>
    <message>
      <source>Year of the alternate map</source>
      <translation>对比图年份</translation>
    </message>
    <message>
      <source>Calendar year of the alternate map; must be after YEAR_BASE.</source>
      <translation>对比图的年份（公历）；必须晚于 YEAR_BASE。</translation>
    </message>
    <message>
      <source>One or more prices separated by commas (currency per t C or per t CO2, see PRICE_UNIT), e.g. 100,449.4,814.74,1716,4182.22; one valuation each. Not used with PRICE_PATH.</source>
      <translation>一个或多个价格，以逗号分隔（每吨碳或每吨 CO2 的货币金额，见 PRICE_UNIT），如 100,449.4,814.74,1716,4182.22；每个价格分别估值。使用 PRICE_PATH 时此项无效。</translation>
    </message>
    <message>
      <source>t C: per metric ton of carbon (InVEST); t CO2: per ton of CO2, converted to per t C with x 44/12.</source>
      <translation>t C：按每吨碳计价（InVEST）；t CO2：按每吨 CO2 计价，乘以 44/12 换算为每吨碳的价格。</translation>
    </message>
    <message>
      <source>Annual market discount rate r in % (e.g. 7); negative values are allowed, must be above -100.</source>
      <translation>年市场贴现率 r，单位为 %（如 7）；允许为负，但必须大于 -100。</translation>
    </message>
    <message>
      <source>InVEST's c in %: acts as an additional discount (positive c lowers the value); 0 with a social cost of carbon. Negative allowed. Not used with PRICE_PATH.</source>
      <translation>InVEST 中的 c，单位为 %：相当于额外的贴现（c 为正时价值降低）；采用碳的社会成本时取 0。允许为负。使用 PRICE_PATH 时此项无效。</translation>
    </message>
    <message>
      <source>Price path (CSV year,price)</source>
      <translation>碳价路径（CSV：year,price）</translation>
    </message>
    <message>
      <source>Optional CSV year,price (price per PRICE_UNIT in each calendar year; more price columns = more scenarios, named by their header). Must cover YEAR_BASE to YEAR_ALT - 1; missing years are interpolated linearly. Replaces PRICES and PRICE_CHANGE.</source>
      <translation>可选 CSV：year,price（各年份的价格，单位见 PRICE_UNIT；多个价格列 = 多个情景，以列名命名）。必须覆盖 YEAR_BASE 至 YEAR_ALT - 1；缺失年份线性插值。取代 PRICES 和 PRICE_CHANGE。</translation>
    </message>
    <message>
      <source>Float32 raster: change (Mg C/ha) x K of the first price = currency per ha (x cell area in ha = currency per cell); diverging ramp.</source>
      <translation>Float32 栅格：变化量（Mg C/ha）x 第一个价格的 K = 每公顷的货币价值（再乘以像元面积（ha）= 每个像元的货币价值）；发散色带。</translation>
    </message>
    <message>
      <source>CSV per price: price as given, unit, price per t C, valuation constant (currency per Mg C of change), change_Mg and value_currency for all cells and per zone.</source>
      <translation>CSV，每个价格一行：输入的价格、单位、每吨碳价格、估值系数（每 Mg C 变化量对应的货币价值），以及全部像元和各分区的 change_Mg 与 value_currency。</translation>
    </message>
    <message>
      <source>Total value of the change, first price (currency)</source>
      <translation>变化的总价值，第一个价格（货币单位）</translation>
    </message>
    <message>
      <source>CARS land-use simulation</source>
      <translation>CARS 土地利用模拟</translation>
    </message>
    <message>
      <source>&lt;p&gt;Allocates a future land demand cell by cell: the CARS cellular automaton of PLUS (Liang et al. 2021), with patches that grow from existing ones and random seeds that start new ones. Inputs: the initial land-use map, the development probability of every class (landcarbon:leas) and the demand in cells per class and target year (landcarbon:markovdemand or your own CSV).&lt;/p&gt;&lt;p&gt;In each iteration every cell that may change gets, for every class k, the overall probability OP_k = P_k x Omega_k x D_k, where Omega_k is the share of class k in the n x n window of the previous iteration's map (centre excluded) times the class weight w_k, and D_k the adaptive demand coefficient (it rises for a class whose deficit grows); where no class-k cell is near and a random r &lt; P_k, OP_k = P_k x r x mu x D_k (a new seed). A roulette over OP picks the class; the cell converts if the transition matrix allows it, P of the class exceeds the threshold delta^d x r1 (r1 ~ Normal(1, 1/3) clipped to [0, 2]; the decay step d grows whenever an iteration closes less than DECAY_SHARE of the year's gap) and the demand gates allow it: a class gains only while below its demand (or, within GAIN_TOLERANCE, from another class above its demand) and no class ends beyond its demand; when proposals exceed a class's room, the most suitable win.&lt;/p&gt;&lt;p&gt;Several target years run in sequence, each from the previous result. OUTPUT holds the last target year; earlier years are written beside it as &amp;lt;name&amp;gt;_&amp;lt;year&amp;gt;.tif. Every map has the grid and class codes of the initial map, a colour table and class names. The log CSV has one row per iteration: decay step, threshold scale, converted and seed cells, and per class the allocated cells, the gap (demand - allocated, cells) and D_k.&lt;/p&gt;&lt;p&gt;A demand that cannot be fully met is allocated as far as it goes: a warning names every class that ends more than max(10 cells, 0.1 % of its demand) off and says why (restricted cells, forbidden transitions, probability 0, iterations), and OUTPUT_ALLOCATION lists the shortfall per class (STRICT_DEMAND refuses such a demand instead). The same RANDOM_SEED gives the same output byte for byte.&lt;/p&gt;</source>
      <translation>&lt;p&gt;逐像元分配未来的土地需求：采用 PLUS 模型（Liang et al. 2021）中基于多类随机斑块种子的元胞自动机（CARS），斑块既可从已有斑块向外生长，也可由随机种子生成新斑块。输入：初始土地利用图、各地类的发展概率（landcarbon:leas）以及各地类在各目标年份的需求像元数（landcarbon:markovdemand 或自备 CSV）。&lt;/p&gt;&lt;p&gt;每次迭代中，对每个可变化的像元和每个地类 k 计算综合概率 OP_k = P_k x Omega_k x D_k，其中 Omega_k 为上一次迭代地图中 n x n 窗口内（不含中心像元）地类 k 所占比例乘以地类权重 w_k，D_k 为自适应需求系数（地类缺口扩大时该系数增大）；若附近没有地类 k 的像元且随机数 r &lt; P_k，则 OP_k = P_k x r x mu x D_k（生成新种子）。以轮盘赌方式依据 OP 选出地类；当转换矩阵允许、该地类的 P 超过阈值 delta^d x r1（r1 ~ Normal(1, 1/3)，截断至 [0, 2]；每当一次迭代填补的缺口不足当年缺口的 DECAY_SHARE，衰减步数 d 加 1）且需求约束允许时，像元发生转换：地类仅在低于其需求时增加像元（或在 GAIN_TOLERANCE 容差内从另一个高于需求的地类获得像元），任何地类最终都不会超出其需求；当提议超过某地类的剩余容量时，适宜性最高的提议优先。&lt;/p&gt;&lt;p&gt;多个目标年份依次模拟，每年以前一年份的结果为起点。OUTPUT 保存最后一个目标年份；较早年份以 &amp;lt;name&amp;gt;_&amp;lt;year&amp;gt;.tif 写在其旁边。每幅图都沿用初始图的网格和地类代码，并带有颜色表和地类名称。日志 CSV 每次迭代一行：衰减步数、阈值尺度、转换像元数和种子像元数，以及各地类的已分配像元数、缺口（需求 - 已分配，像元数）和 D_k。&lt;/p&gt;&lt;p&gt;无法完全满足的需求会尽可能分配：最终与需求之差超过 max(10 个像元, 需求的 0.1 %) 的每个地类都会给出警告，指明原因（限制像元、禁止的转换、概率为 0、迭代次数），OUTPUT_ALLOCATION 列出各地类的缺口（勾选 STRICT_DEMAND 则拒绝此类需求）。相同的 RANDOM_SEED 得到逐字节相同的输出。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'the demand sums to ... valid cells': the demand must share out exactly the valid cells of LANDUSE; compute it with landcarbon:markovdemand from the same map.&lt;/li&gt;&lt;li&gt;'cannot be fully met' (a warning; an error with STRICT_DEMAND): a class must gain (or lose) more cells than the restriction raster, the transition matrix and probabilities of 0 allow; the message lists the counts. Relax one of them or change the demand.&lt;/li&gt;&lt;li&gt;'no probability band for class': run landcarbon:leas with maps that contain every class of LANDUSE.&lt;/li&gt;&lt;li&gt;'not on the same grid': align the rasters first (Raster &gt; Align Rasters, nearest neighbour for maps).&lt;/li&gt;&lt;li&gt;A warning 'missed its demand': read its reason; raise MAX_ITERATIONS or SEED_PERCENTAGE, or lower PATCH_THRESHOLD, if cells were 'not reached'.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'the demand sums to ... valid cells'：需求之和必须恰好等于 LANDUSE 的有效像元数；请用 landcarbon:markovdemand 基于同一幅地图计算需求。&lt;/li&gt;&lt;li&gt;'cannot be fully met'（警告；勾选 STRICT_DEMAND 时为错误）：某地类需要增加（或减少）的像元数超出了限制区域栅格、转换矩阵和概率为 0 的像元所允许的范围；消息中列出了具体数量。请放宽其中一项，或修改需求。&lt;/li&gt;&lt;li&gt;'no probability band for class'：请使用包含 LANDUSE 中全部地类的地图运行 landcarbon:leas。&lt;/li&gt;&lt;li&gt;'not on the same grid'：先对齐栅格（栅格 &gt; 对齐栅格，土地利用图用最近邻重采样）。&lt;/li&gt;&lt;li&gt;警告 'missed its demand'：查看给出的原因；若像元为 'not reached'，可增大 MAX_ITERATIONS 或 SEED_PERCENTAGE，或降低 PATCH_THRESHOLD。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Initial land-use map</source>
      <translation>初始土地利用图</translation>
    </message>
    <message>
      <source>Integer class codes; the simulation starts from this map and keeps its grid, codes and nodata.</source>
      <translation>整数地类代码；模拟从此图开始，并沿用其网格、代码和 NoData。</translation>
    </message>
    <message>
      <source>One Float32 band per class with values in [0, 1], as written by landcarbon:leas (band descriptions '&lt;code&gt; &lt;name&gt;'; without descriptions the bands are taken in ascending class-code order). Same grid.</source>
      <translation>每个地类一个 Float32 波段，取值 [0, 1]，即 landcarbon:leas 的输出（波段描述为 '&lt;code&gt; &lt;name&gt;'；无描述时按地类代码升序对应各波段）。网格相同。</translation>
    </message>
    <message>
      <source>Land demand (CSV year,code,cells)</source>
      <translation>土地需求（CSV：year,code,cells）</translation>
    </message>
    <message>
      <source>Cells per class and target year (landcarbon:markovdemand writes it); each year must list every class of the map and sum to its valid cell count. Several years are simulated in sequence.</source>
      <translation>各地类在各目标年份的需求像元数（由 landcarbon:markovdemand 生成）；每个年份必须列出地图中的全部地类，且总和等于地图的有效像元数。多个年份依次模拟。</translation>
    </message>
    <message>
      <source>Transition matrix (CSV, 1 = allowed)</source>
      <translation>转换矩阵（CSV，1 = 允许）</translation>
    </message>
    <message>
      <source>Square CSV, header row and first column = class codes, rows = from, columns = to, 1 = allowed, 0 = forbidden. Empty: every conversion is allowed.</source>
      <translation>方阵 CSV，首行和首列为地类代码，行 = 转出地类，列 = 转入地类，1 = 允许，0 = 禁止。留空：允许所有转换。</translation>
    </message>
    <message>
      <source>Restriction raster (0 no change, 1 free, 2 development zone)</source>
      <translation>限制区域栅格（0 禁止变化，1 自由变化，2 发展区）</translation>
    </message>
    <message>
      <source>Optional, same grid: 0 = the cell may not change, 1 = free, 2 = development zone (see DEVELOPMENT_CLASS). Nodata counts as free.</source>
      <translation>可选，网格相同：0 = 像元不可变化，1 = 自由变化，2 = 发展区（见 DEVELOPMENT_CLASS）。NoData 视为自由变化。</translation>
    </message>
    <message>
      <source>Development class (code) of the zones</source>
      <translation>发展区的优先地类（代码）</translation>
    </message>
    <message>
      <source>Optional class code favoured in development zones (RESTRICTION = 2): there its OP becomes min(r + OP, 1) x DEVELOPMENT_WEIGHT. Without it, zones count as free cells.</source>
      <translation>可选：在发展区（RESTRICTION = 2）中优先发展的地类代码，其 OP 变为 min(r + OP, 1) x DEVELOPMENT_WEIGHT。未设置时，发展区按自由变化像元处理。</translation>
    </message>
    <message>
      <source>Weight of the development class in zones</source>
      <translation>发展区内优先地类的权重</translation>
    </message>
    <message>
      <source>Factor in min(r + OP, 1) x weight inside development zones (default 0.5).</source>
      <translation>发展区内 min(r + OP, 1) x weight 中的系数（默认 0.5）。</translation>
    </message>
    <message>
      <source>Neighbourhood size (odd, cells)</source>
      <translation>邻域大小（奇数，像元）</translation>
    </message>
    <message>
      <source>Side n of the n x n window of the neighbourhood effect, odd (3 = the 8 adjacent cells, 5 = 24 cells).</source>
      <translation>邻域效应 n x n 窗口的边长 n，须为奇数（3 = 相邻的 8 个像元，5 = 24 个像元）。</translation>
    </message>
    <message>
      <source>Neighbourhood weights (CSV code,weight)</source>
      <translation>邻域权重（CSV：code,weight）</translation>
    </message>
    <message>
      <source>Optional w_k in [0, 1] per class. Empty: each class's share of expansion between LANDUSE_START and LANDUSE, or 1 for every class without LANDUSE_START.</source>
      <translation>可选：各地类的 w_k，取值 [0, 1]。留空：取各地类在 LANDUSE_START 与 LANDUSE 之间的扩张占比；未提供 LANDUSE_START 时各地类均为 1。</translation>
    </message>
    <message>
      <source>Calibration start map (for default weights)</source>
      <translation>校准期起始图（用于默认权重）</translation>
    </message>
    <message>
      <source>Optional earlier map of the calibration pair (LANDUSE being the later one); the default weights are each class's share of the cells that changed class between the two.</source>
      <translation>可选：校准地图对中较早的一幅（LANDUSE 为较晚的一幅）；默认权重为两图之间发生地类变化的像元中各地类所占的比例。</translation>
    </message>
    <message>
      <source>Patch generation threshold (delta)</source>
      <translation>斑块生成阈值（delta）</translation>
    </message>
    <message>
      <source>delta in the threshold tau = delta^d x r1 a cell's probability must pass; a larger delta lowers the threshold more slowly (examples: 0.5-0.9).</source>
      <translation>像元概率必须超过的阈值 tau = delta^d x r1 中的 delta；delta 越大，阈值下降越慢（示例取值：0.5-0.9）。</translation>
    </message>
    <message>
      <source>Expansion coefficient (mu)</source>
      <translation>扩展系数（mu）</translation>
    </message>
    <message>
      <source>mu: weight of new seed patches, OP = P x r x mu x D (0.1 in every official example).</source>
      <translation>mu：新种子斑块的权重，OP = P x r x mu x D（官方示例均取 0.1）。</translation>
    </message>
    <message>
      <source>Percentage of seeds (share)</source>
      <translation>随机种子比例（小数）</translation>
    </message>
    <message>
      <source>Budget of new seed patches: in a target year at most ceil(share x initial gap) cells of a class may start new patches, opened again only after an iteration that closed no gap (0 = growth from existing patches only).</source>
      <translation>新种子斑块的预算：一个目标年份内某地类最多有 ceil(share x 初始缺口) 个像元可生成新斑块，仅在某次迭代未填补任何缺口后才再次放开（0 = 仅从已有斑块生长）。</translation>
    </message>
    <message>
      <source>Seed of the random draws; the same seed and inputs give the same maps byte for byte.</source>
      <translation>随机抽取所用的种子；相同的种子和输入得到逐字节相同的地图。</translation>
    </message>
    <message>
      <source>Maximum iterations per target year</source>
      <translation>每个目标年份的最大迭代次数</translation>
    </message>
    <message>
      <source>The simulation of a year stops earlier when the demand is met or nothing can change any more.</source>
      <translation>需求已满足或已没有像元可以变化时，该年份的模拟提前结束。</translation>
    </message>
    <message>
      <source>Decay share of the threshold</source>
      <translation>阈值衰减比例</translation>
    </message>
    <message>
      <source>The decay step d grows after every iteration that closes less than this share of the year's gap (default 0.5: in practice every iteration, so the neighbourhood drives most of the allocation, as in PLUS).</source>
      <translation>若一次迭代填补的缺口不足当年缺口的该比例，衰减步数 d 加 1（默认 0.5：实际上每次迭代都会加 1，因此与 PLUS 相同，分配主要由邻域效应驱动）。</translation>
    </message>
    <message>
      <source>Gain tolerance of classes above their demand</source>
      <translation>超出需求地类的增长容差</translation>
    </message>
    <message>
      <source>FLUS tolerance: a class above its demand may still gain cells from another class above its demand while its surplus stays within its best so far + this share of its initial surplus (two-way flows such as cropland &lt;-&gt; water); 0 = never.</source>
      <translation>FLUS 容差：超出需求的地类仍可从另一个超出需求的地类获得像元，只要其超出量不超过迄今最小超出量 + 初始超出量的该比例（用于双向流动，如耕地 &lt;-&gt; 水域）；0 = 不允许。</translation>
    </message>
    <message>
      <source>Refuse a demand that cannot be fully met</source>
      <translation>拒绝无法完全满足的需求</translation>
    </message>
    <message>
      <source>Off (default): a demand that the transition matrix, the restrictions or probabilities of 0 make impossible is allocated as far as it can be, with warnings and the shortfall per class in the log and OUTPUT_ALLOCATION. On: such a demand is refused before anything is written.</source>
      <translation>关闭（默认）：因转换矩阵、限制区域或概率为 0 而无法实现的需求将尽可能分配，并给出警告，各地类的缺口记入日志和 OUTPUT_ALLOCATION。开启：在写出任何结果之前即拒绝此类需求。</translation>
    </message>
    <message>
      <source>Runs (seed ensemble)</source>
      <translation>运行次数（多种子集合模拟）</translation>
    </message>
    <message>
      <source>Number of simulations with the seeds RANDOM_SEED, RANDOM_SEED + 1, ... (1 = one simulation). With more, OUTPUT is the median (most typical) run's map and OUTPUT_FREQUENCY / OUTPUT_MODE say how often each cell changed and its most frequent class: how certain the map is.</source>
      <translation>以随机数种子 RANDOM_SEED、RANDOM_SEED + 1、……进行模拟的次数（1 = 单次模拟）。多于 1 次时，OUTPUT 为中位（最典型）运行的地图，OUTPUT_FREQUENCY / OUTPUT_MODE 给出各像元的变化频次及其最常见的地类：反映地图的确定程度。</translation>
    </message>
    <message>
      <source>Optional: names and colours of the output maps and the log.</source>
      <translation>可选：输出地图和日志中使用的地类名称和颜色。</translation>
    </message>
    <message>
      <source>Simulated land use (last target year)</source>
      <translation>模拟土地利用图（最后一个目标年份）</translation>
    </message>
    <message>
      <source>Map of the last target year (earlier years: &lt;name&gt;_&lt;year&gt;.tif beside it); grid, codes and nodata of the initial map, colour table and names.</source>
      <translation>最后一个目标年份的地图（较早年份为其旁边的 &lt;name&gt;_&lt;year&gt;.tif）；网格、代码和 NoData 与初始图相同，附颜色表和地类名称。</translation>
    </message>
    <message>
      <source>Iteration log</source>
      <translation>迭代日志</translation>
    </message>
    <message>
      <source>CSV, one row per target year and iteration (iteration 0 = start): decay step d, threshold scale delta^d, converted_cells, seed_cells, and per class allocated_cells, gap_cells (demand - allocated) and demand_coefficient D_k.</source>
      <translation>CSV，每个目标年份的每次迭代一行（迭代 0 = 初始状态）：衰减步数 d、阈值尺度 delta^d、converted_cells、seed_cells，以及各地类的 allocated_cells、gap_cells（需求 - 已分配）和 demand_coefficient D_k。</translation>
    </message>
    <message>
      <source>Demand, allocated and shortfall per class</source>
      <translation>各地类的需求、已分配量和缺口</translation>
    </message>
    <message>
      <source>CSV, one row per target year and class: demand_cells, allocated_cells, shortfall_cells (demand - allocated), met (within max(10 cells, 0.1 %)), iterations and why the simulation stopped.</source>
      <translation>CSV，每个目标年份的每个地类一行：demand_cells、allocated_cells、shortfall_cells（需求 - 已分配）、met（是否在 max(10 个像元, 0.1 %) 以内）、迭代次数以及模拟停止的原因。</translation>
    </message>
    <message>
      <source>Change frequency over the runs</source>
      <translation>多次运行的变化频次</translation>
    </message>
    <message>
      <source>With RUNS &gt; 1: per cell, in how many runs it holds another class than in LANDUSE (0 .. RUNS) by the last target year (earlier years: &lt;name&gt;_&lt;year&gt;.tif).</source>
      <translation>RUNS &gt; 1 时：各像元在多少次运行中于最后一个目标年份的地类与 LANDUSE 不同（0 .. RUNS）（较早年份：&lt;name&gt;_&lt;year&gt;.tif）。</translation>
    </message>
    <message>
      <source>Most frequent class over the runs</source>
      <translation>多次运行中最常见的地类</translation>
    </message>
    <message>
      <source>With RUNS &gt; 1: per cell its most frequent class over the runs (ties: the initial class if among them, else the lowest code).</source>
      <translation>RUNS &gt; 1 时：各像元在多次运行中最常见的地类（出现次数相同时，若其中包括初始地类则取初始地类，否则取代码最小者）。</translation>
    </message>
    <message>
      <source>Runs of the ensemble</source>
      <translation>集合模拟的各次运行</translation>
    </message>
    <message>
      <source>With RUNS &gt; 1: one row per run and year: seed, median run, agreement with the most frequent classes (cells), iterations, allocated cells per class.</source>
      <translation>RUNS &gt; 1 时：每次运行的每个年份一行：随机数种子、是否为中位运行、与最常见地类一致的像元数、迭代次数、各地类已分配像元数。</translation>
    </message>
    <message>
      <source>Simulated maps of every target year</source>
      <translation>各目标年份的模拟图</translation>
    </message>
    <message>
      <source>Climate-corrected carbon densities</source>
      <translation>碳密度气候修正</translation>
    </message>
    <message>
      <source>&lt;p&gt;Scales a carbon pools table measured under a reference climate (P_REF mm, T_REF deg C, mean annual) to the climate of the study area or of each emission pathway (e.g. SSP1-2.6 / SSP2-4.5 / SSP5-8.5), so that future land-use maps get densities for their future climate:&lt;/p&gt;&lt;p&gt;K_BP = C_BP(P) / C_BP(P_REF) with C_BP = 6.798 exp(0.0054 P); K_BT = C_BT(T) / C_BT(T_REF) with C_BT = 28 T + 398; K_B = K_BP x K_BT; K_S = C_SP(P) / C_SP(P_REF) with C_SP = 3.3968 P + 3996.1 (Alam et al. 2013, Chen et al. 2007; the coefficients are parameters). c_above and c_below are multiplied by K_B, c_soil by K_S, c_dead is unchanged unless DEAD_WITH_BIOMASS.&lt;/p&gt;&lt;p&gt;Outputs: one corrected pools table per pathway (same columns as POOLS, so it feeds landcarbon:carbonstock as POOLS_ALT) and a table of the factors. A factor outside [0.5, 2] gives a warning.&lt;/p&gt;</source>
      <translation>&lt;p&gt;将在参考气候（P_REF mm、T_REF °C，均为年均值）下测得的碳密度表换算到研究区或各排放路径（如 SSP1-2.6 / SSP2-4.5 / SSP5-8.5）的气候条件，使未来土地利用图采用与未来气候相应的碳密度：&lt;/p&gt;&lt;p&gt;K_BP = C_BP(P) / C_BP(P_REF)，C_BP = 6.798 exp(0.0054 P)；K_BT = C_BT(T) / C_BT(T_REF)，C_BT = 28 T + 398；K_B = K_BP x K_BT；K_S = C_SP(P) / C_SP(P_REF)，C_SP = 3.3968 P + 3996.1（Alam et al. 2013，Chen et al. 2007；各系数均可作为参数修改）。c_above 和 c_below 乘以 K_B，c_soil 乘以 K_S，c_dead 保持不变（除非启用 DEAD_WITH_BIOMASS）。&lt;/p&gt;&lt;p&gt;输出：每个路径一个修正后的碳密度表（列与 POOLS 相同，可作为 POOLS_ALT 输入 landcarbon:carbonstock），以及一个修正系数表。修正系数超出 [0.5, 2] 时给出警告。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'must give a positive density': the temperature is at or below -b_BT / a_BT (-14.21 deg C with the defaults), or a coefficient makes a density negative; check units (deg C, mm) and coefficients.&lt;/li&gt;&lt;li&gt;'is negative': P is mean annual precipitation in mm, &gt;= 0.&lt;/li&gt;&lt;li&gt;Give either P and T or a PATHWAYS table (name,P,T).&lt;/li&gt;&lt;li&gt;Warnings about factors beyond [0.5, 2]: the reference and study climates are very different; check them.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'must give a positive density'：气温不高于 -b_BT / a_BT（默认系数下为 -14.21 °C），或某个系数使碳密度为负；请检查单位（°C、mm）和系数。&lt;/li&gt;&lt;li&gt;'is negative'：P 为年均降水量（mm），须 &gt;= 0。&lt;/li&gt;&lt;li&gt;请给出 P 和 T，或给出 PATHWAYS 表（name,P,T），二者选其一。&lt;/li&gt;&lt;li&gt;修正系数超出 [0.5, 2] 的警告：参考气候与研究区气候差异很大，请核对。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Carbon pools table (CSV, reference climate)</source>
      <translation>碳密度表（CSV，参考气候）</translation>
    </message>
    <message>
      <source>InVEST-format CSV: lucode, c_above, c_below, c_soil, c_dead (Mg C/ha), measured under the reference climate.</source>
      <translation>InVEST 格式的 CSV：lucode、c_above、c_below、c_soil、c_dead（Mg C/ha），为参考气候下的实测值。</translation>
    </message>
    <message>
      <source>Reference precipitation P_REF (mm/yr)</source>
      <translation>参考降水量 P_REF（mm/yr）</translation>
    </message>
    <message>
      <source>Mean annual precipitation (mm) where the densities were measured.</source>
      <translation>碳密度测定地点的年均降水量（mm）。</translation>
    </message>
    <message>
      <source>Reference temperature T_REF (deg C)</source>
      <translation>参考气温 T_REF（°C）</translation>
    </message>
    <message>
      <source>Mean annual temperature (deg C) where the densities were measured.</source>
      <translation>碳密度测定地点的年均气温（°C）。</translation>
    </message>
    <message>
      <source>Study precipitation P (mm/yr)</source>
      <translation>研究区降水量 P（mm/yr）</translation>
    </message>
    <message>
      <source>Mean annual precipitation (mm) of the study area (or of one pathway). Leave empty when using PATHWAYS.</source>
      <translation>研究区（或某一路径）的年均降水量（mm）。使用 PATHWAYS 时留空。</translation>
    </message>
    <message>
      <source>Study temperature T (deg C)</source>
      <translation>研究区气温 T（°C）</translation>
    </message>
    <message>
      <source>Mean annual temperature (deg C) of the study area. Leave empty when using PATHWAYS.</source>
      <translation>研究区的年均气温（°C）。使用 PATHWAYS 时留空。</translation>
    </message>
    <message>
      <source>Or: pathways table (CSV name,P,T)</source>
      <translation>或：气候路径表（CSV：name,P,T）</translation>
    </message>
    <message>
      <source>Optional CSV with one row per emission pathway: name (e.g. SSP2-4.5), P (mm/yr), T (deg C). One corrected table per row. Replaces P and T.</source>
      <translation>可选 CSV，每个排放路径一行：name（如 SSP2-4.5）、P（mm/yr）、T（°C）。每行生成一个修正后的碳密度表。取代 P 和 T。</translation>
    </message>
    <message>
      <source>Correct the dead pool with K_B too</source>
      <translation>死亡有机质碳库也用 K_B 修正</translation>
    </message>
    <message>
      <source>Off (default): c_dead is unchanged. On: c_dead x K_B, like the living biomass.</source>
      <translation>关闭（默认）：c_dead 保持不变。开启：c_dead x K_B，与活体生物量相同。</translation>
    </message>
    <message>
      <source>Default %g.</source>
      <translation type="vanished">默认值 %g。</translation>
    </message>
    <message>
      <source>Folder for the corrected tables</source>
      <translation>修正后碳密度表的输出文件夹</translation>
    </message>
    <message>
      <source>One CSV per pathway, pools_&lt;pathway&gt;.csv (pools_study.csv for P and T), same columns as POOLS.</source>
      <translation>每个路径一个 CSV，即 pools_&lt;pathway&gt;.csv（给定 P 和 T 时为 pools_study.csv），列与 POOLS 相同。</translation>
    </message>
    <message>
      <source>Corrected pools table (first pathway)</source>
      <translation>修正后的碳密度表（第一个路径）</translation>
    </message>
    <message>
      <source>The corrected table of P and T (or of the first pathway), to chain into landcarbon:carbonstock (POOLS_ALT) in a model.</source>
      <translation>由 P 和 T（或第一个路径）修正得到的碳密度表，可在模型中连接到 landcarbon:carbonstock 的 POOLS_ALT。</translation>
    </message>
    <message>
      <source>Correction factors (CSV)</source>
      <translation>修正系数（CSV）</translation>
    </message>
    <message>
      <source>CSV per pathway: P_mm, T_degC, reference climate, K_BP, K_BT, K_B, K_S, dead_factor and the name of its pools file.</source>
      <translation>CSV，每个路径一行：P_mm、T_degC、参考气候、K_BP、K_BT、K_B、K_S、dead_factor 及其碳密度文件名。</translation>
    </message>
    <message>
      <source>Land-use change</source>
      <translation>土地利用变化</translation>
    </message>
    <message>
      <source>Carbon</source>
      <translation>碳</translation>
    </message>
    <message>
      <source>Spatial statistics</source>
      <translation>空间统计</translation>
    </message>
    <message>
      <source>Examples</source>
      <translation>示例</translation>
    </message>
    <message>
      <source>Soil vs P: slope a_SP (per mm)</source>
      <translation>土壤碳-降水关系：斜率 a_SP（每 mm）</translation>
    </message>
    <message>
      <source>C_SP = a_SP x P + b_SP (Alam et al. 2013).</source>
      <translation type="vanished">C_SP = a_SP x P + b_SP（Alam et al. 2013）。</translation>
    </message>
    <message>
      <source>Soil vs P: intercept b_SP</source>
      <translation>土壤碳-降水关系：截距 b_SP</translation>
    </message>
    <message>
      <source>Biomass vs P: factor a_BP</source>
      <translation>生物量碳-降水关系：系数 a_BP</translation>
    </message>
    <message>
      <source>C_BP = a_BP x exp(b_BP x P) (Alam et al. 2013); cancels in the ratio K_BP.</source>
      <translation type="vanished">C_BP = a_BP x exp(b_BP x P)（Alam et al. 2013）；在比值 K_BP 中被约去。</translation>
    </message>
    <message>
      <source>Biomass vs P: exponent b_BP (per mm)</source>
      <translation>生物量碳-降水关系：指数 b_BP（每 mm）</translation>
    </message>
    <message>
      <source>C_BP = a_BP x exp(b_BP x P) (Alam et al. 2013); K_BP = exp(b_BP x (P - P_ref)), very sensitive.</source>
      <translation type="vanished">C_BP = a_BP x exp(b_BP x P)（Alam et al. 2013）；K_BP = exp(b_BP x (P - P_ref))，对该参数非常敏感。</translation>
    </message>
    <message>
      <source>Biomass vs T: slope a_BT (per deg C)</source>
      <translation>生物量碳-气温关系：斜率 a_BT（每 °C）</translation>
    </message>
    <message>
      <source>C_BT = a_BT x T + b_BT (Chen et al. 2007).</source>
      <translation type="vanished">C_BT = a_BT x T + b_BT（Chen et al. 2007）。</translation>
    </message>
    <message>
      <source>Biomass vs T: intercept b_BT</source>
      <translation>生物量碳-气温关系：截距 b_BT</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>{0} is required.</source>
      <translation>{0} 为必填项。</translation>
    </message>
    <message>
      <source>Incorrect parameter value for {0}</source>
      <translation>{0} 的参数值不正确</translation>
    </message>
    <message>
      <source>Out of memory. Close other programs, or process a smaller area; please report this with the size of your rasters, LandCarbon should not need that much memory.</source>
      <translation>内存不足。请关闭其他程序，或处理较小的区域；LandCarbon 本不应占用这么多内存，请将此问题连同栅格尺寸一并反馈。</translation>
    </message>
    <message>
      <source>Unexpected error in {0}: {1}: {2}. This is a bug in LandCarbon; please report it at {3}/issues with the log (it holds the details).</source>
      <translation>{0} 出现意外错误：{1}：{2}。这是 LandCarbon 的程序缺陷，请在 {3}/issues 报告，并附上日志（其中包含详细信息）。</translation>
    </message>
    <message>
      <source>Land-use change statistics</source>
      <translation>土地利用变化统计</translation>
    </message>
    <message>
      <source>&lt;p&gt;The tables every land-use study starts with, for two or more land-use maps of one area: area of each class at each date (cells, km2, % of the valid area), the single dynamic degree of each class and the comprehensive dynamic degree of each interval (% per year), the transition matrix of each interval (rows = from, columns = to, in cells and km2, with persistence, losses, gains and net change) and a map of the change from the first to the last date.&lt;/p&gt;&lt;p&gt;Only cells that hold a class at every date are counted; the log says how many were dropped. Areas come from the cell size (true areas per row for a geographic CRS). Change map codes: from * 10 + to when all codes are below 10 (1 -&gt; 5 is 15), from * 100 + to when below 100, else the pair's position; the legend names every pair.&lt;/p&gt;</source>
      <translation>&lt;p&gt;每项土地利用研究都从这些表格开始，适用于同一地区的两期或多期土地利用图：各期各地类的面积（像元数、km2、占有效面积的 %），各时段各地类的单一土地利用动态度和综合土地利用动态度（%/yr），各时段的土地利用转移矩阵（行 = 转出，列 = 转入，单位为像元数和 km2，含未变化、转出、转入和净变化量），以及第一期至最后一期的土地利用变化图。&lt;/p&gt;&lt;p&gt;只统计在每一期中都有地类的像元；日志给出被剔除的像元数。面积由像元大小计算（地理坐标系下按行计算真实面积）。变化图编码：所有代码均小于 10 时为 转出 * 10 + 转入（1 -&gt; 5 为 15），均小于 100 时为 转出 * 100 + 转入，否则为该地类对的序号；图例列出每个地类对的名称。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'not on the same grid': align the maps first (Raster &gt; Align Rasters, nearest neighbour).&lt;/li&gt;&lt;li&gt;'must hold integer class codes': convert the map to Byte/UInt16 (Raster &gt; Conversion &gt; Translate).&lt;/li&gt;&lt;li&gt;Unexpected nodata: check each map's nodata value in its layer properties.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'not on the same grid'：先对齐地图（栅格 &gt; 对齐栅格，最近邻重采样）。&lt;/li&gt;&lt;li&gt;'must hold integer class codes'：将地图转换为 Byte/UInt16（栅格 &gt; 转换 &gt; 转换格式（Raster &gt; Conversion &gt; Translate））。&lt;/li&gt;&lt;li&gt;NoData 异常：在图层属性中检查各地图的 NoData 值。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Land-use maps (chronological order)</source>
      <translation>土地利用图（按时间先后）</translation>
    </message>
    <message>
      <source>Two or more land-use rasters of one area on one grid, oldest first. Integer class codes; codes are taken from the data.</source>
      <translation>同一地区、同一网格上的两幅或多幅土地利用栅格，按从早到晚排列。整数地类代码；代码从数据中读取。</translation>
    </message>
    <message>
      <source>Years of the maps</source>
      <translation>各地图年份</translation>
    </message>
    <message>
      <source>One year per map, increasing, separated by commas (e.g. 2000,2010,2020).</source>
      <translation>每幅地图一个年份，递增，以逗号分隔（如 2000,2010,2020）。</translation>
    </message>
    <message>
      <source>Optional CSV with columns code,name,color (#RRGGBB). Names and colours label every output; codes without a row get 'class N'.</source>
      <translation>可选 CSV，列为 code,name,color（#RRGGBB）。名称和颜色用于标注所有输出；表中没有的代码记为 'class N'。</translation>
    </message>
    <message>
      <source>Areas and dynamic degrees</source>
      <translation>面积与动态度</translation>
    </message>
    <message>
      <source>CSV, one row per class plus a total row: cells, km2 and % of the valid area per date; single dynamic degree per interval (%/yr); the total row holds the comprehensive dynamic degree. Empty = undefined (class absent at the start of the interval).</source>
      <translation>CSV，每个地类一行，另有合计行：各期的像元数、km2 和占有效面积的 %；各时段的单一土地利用动态度（%/yr）；合计行为综合土地利用动态度。值为空 = 无定义（时段初该地类不存在）。</translation>
    </message>
    <message>
      <source>Transition matrices</source>
      <translation>土地利用转移矩阵</translation>
    </message>
    <message>
      <source>CSV, per interval (consecutive dates and first -&gt; last) and unit (cells, km2): rows = from class, columns to_&lt;code&gt; = to class, then total, persistence, loss, gain, net change.</source>
      <translation>CSV，按时段（相邻两期及第一期 -&gt; 最后一期）和单位（像元数、km2）分别列出：行 = 转出地类，to_&lt;code&gt; 列 = 转入地类，随后为合计、未变化、转出、转入、净变化。</translation>
    </message>
    <message>
      <source>Change map (first -&gt; last date)</source>
      <translation>变化图（第一期 -&gt; 最后一期）</translation>
    </message>
    <message>
      <source>Raster with one code per from -&gt; to pair, colour table and class names.</source>
      <translation>每个“转出 -&gt; 转入”地类对对应一个编码的栅格，附颜色表和地类名称。</translation>
    </message>
    <message>
      <source>LEAS development probability</source>
      <translation>LEAS 发展概率</translation>
    </message>
    <message>
      <source>&lt;p&gt;The first half of PLUS (Liang et al. 2021, CEUS 85:101569): where does each land-use class expand, and which drivers explain it?&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Expansion cells: cells whose class at the end date differs from the start date; each carries the class it became (single-map mode: every valid cell of the one map, with its class).&lt;/li&gt;&lt;li&gt;ONE random sample of the expansion cells (SAMPLING_RATE, default 1 %), shared by all classes; BALANCED takes the same number for every class.&lt;/li&gt;&lt;li&gt;Drivers min-max normalised to [0, 1] with each band's range; nodata -&gt; 0.&lt;/li&gt;&lt;li&gt;One binary random forest per class: 'this expansion cell became k' against 'became another class' (unchanged cells are never negatives); TREES trees, MTRY drivers tried per split (0 = all), bootstrap samples.&lt;/li&gt;&lt;li&gt;Probability P_k in [0, 1] of every valid cell of the end map = share of the trees voting 'becomes k'. A class that did not expand, or with fewer than 10 sampled cells that expanded into it, gets P = 0 and a warning that says what would give it a forest.&lt;/li&gt;&lt;li&gt;Contribution of each driver to each class: RMSE r0 of the forest on the sample, RMSE r_j after permuting driver j, c_j = max(r_j - r0, 0) / sum_m max(r_m - r0, 0) (each row sums to 1). A driver that alone separates a class's expansion almost perfectly is warned about: it may have been made from the end map (e.g. distance to built-up of the later map).&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Advanced options beyond PLUS (defaults = PLUS): TRAINING = all cells (class k learnt from every cell that could have become k, changed or not) and MIN_SAMPLES_LEAF (smoother probabilities).&lt;/p&gt;&lt;p&gt;Outputs: a Float32 raster with one band per class (ascending codes, description '&amp;lt;code&amp;gt; &amp;lt;name&amp;gt;', nodata outside the valid cells of the end map) for CARS, the contributions (CSV and bar chart), the accuracy per class (samples, positives, out-of-bag accuracy, RMSE) and the model file for landcarbon:leaspredict. The same SEED gives byte-identical outputs whatever THREADS is.&lt;/p&gt;</source>
      <translation>&lt;p&gt;PLUS 模型（Liang et al. 2021，CEUS 85:101569）的前半部分——用地扩张分析策略（LEAS）：各土地利用类型在哪里扩张，哪些驱动因子可以解释这种扩张？&lt;/p&gt;&lt;ol&gt;&lt;li&gt;扩张像元：末期地类与初期不同的像元，每个像元记录其转变后的地类（单图模式：单幅地图的所有有效像元及其地类）。&lt;/li&gt;&lt;li&gt;从扩张像元中抽取一个随机样本（SAMPLING_RATE，默认 1 %），供所有地类共用；BALANCED 为每个地类抽取相同数量的样本。&lt;/li&gt;&lt;li&gt;驱动因子按各波段的取值范围进行最小-最大归一化至 [0, 1]；NoData -&gt; 0。&lt;/li&gt;&lt;li&gt;每个地类训练一个二分类随机森林：“该扩张像元变为 k”对“变为其他地类”（未变化像元不作为负样本）；决策树数量为 TREES，每次分裂尝试 MTRY 个驱动因子（0 = 全部），采用自助（bootstrap）抽样。&lt;/li&gt;&lt;li&gt;末期地图每个有效像元的发展概率 P_k（取值 [0, 1]）= 投票“变为 k”的决策树所占比例。未发生扩张的地类，或样本中扩张为该地类的像元少于 10 个的地类，P = 0，并给出警告，说明怎样才能为其训练随机森林。&lt;/li&gt;&lt;li&gt;各驱动因子对各地类的贡献度：随机森林在样本上的 RMSE 为 r0，置换驱动因子 j 后的 RMSE 为 r_j，c_j = max(r_j - r0, 0) / sum_m max(r_m - r0, 0)（每行之和为 1）。若某个驱动因子单独即可几乎完美地区分某地类的扩张，将给出警告：它可能是由末期地图制作的（如基于较晚地图计算的到建设用地的距离）。&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;PLUS 之外的高级选项（默认值 = PLUS）：TRAINING = all（全部像元：地类 k 从所有可能变为 k 的像元中学习，无论其是否发生变化）和 MIN_SAMPLES_LEAF（使概率更平滑）。&lt;/p&gt;&lt;p&gt;输出：供 CARS 使用的 Float32 栅格，每个地类一个波段（按代码升序，波段描述为 '&amp;lt;code&amp;gt; &amp;lt;name&amp;gt;'，末期地图有效像元以外为 NoData）；贡献度（CSV 和条形图）；各地类精度（样本数、正样本数、袋外精度、RMSE）；以及供 landcarbon:leaspredict 使用的模型文件。无论 THREADS 取何值，相同的 SEED 都得到逐字节相同的输出。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'needs the Python package scikit-learn': install it as the message says and restart QGIS.&lt;/li&gt;&lt;li&gt;'not on the same grid': build the drivers with landcarbon:preparedrivers on the end map.&lt;/li&gt;&lt;li&gt;'Too few samples to train a random forest for any class': raise SAMPLING_RATE to the value the message gives, or tick BALANCED (a single rare class only gets P = 0 and a warning).&lt;/li&gt;&lt;li&gt;'alone separates ... almost perfectly': rebuild that driver from the start map of the calibration interval.&lt;/li&gt;&lt;li&gt;'infinite cell(s)': set them to nodata in that driver.&lt;/li&gt;&lt;li&gt;'No cell changed class': the maps are identical; use single-map mode or other dates.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'needs the Python package scikit-learn'：按消息提示安装该程序包，然后重启 QGIS。&lt;/li&gt;&lt;li&gt;'not on the same grid'：以末期地图为参考，用 landcarbon:preparedrivers 制备驱动因子。&lt;/li&gt;&lt;li&gt;'Too few samples to train a random forest for any class'：将 SAMPLING_RATE 提高到消息给出的值，或勾选 BALANCED（若只有单个稀有地类样本不足，该地类仅得到 P = 0 和一条警告）。&lt;/li&gt;&lt;li&gt;'alone separates ... almost perfectly'：用校准时段的初期地图重新制作该驱动因子。&lt;/li&gt;&lt;li&gt;'infinite cell(s)'：在该驱动因子中将这些像元设为 NoData。&lt;/li&gt;&lt;li&gt;'No cell changed class'：两幅地图完全相同；请使用单图模式或其他年份的地图。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Land-use map at the start (t0)</source>
      <translation>初期土地利用图（t0）</translation>
    </message>
    <message>
      <source>Integer class codes; the earlier calibration map. Not used in single-map mode.</source>
      <translation>整数地类代码；校准期较早的地图。单图模式下不使用。</translation>
    </message>
    <message>
      <source>Land-use map at the end (t1), or the single map</source>
      <translation>末期土地利用图（t1），或单图模式下的地图</translation>
    </message>
    <message>
      <source>The later map, on the same grid. Probabilities are computed for its valid cells.</source>
      <translation>较晚的地图，网格相同。为其有效像元计算发展概率。</translation>
    </message>
    <message>
      <source>Single-map mode (sample the end map itself)</source>
      <translation>单图模式（直接对末期地图抽样）</translation>
    </message>
    <message>
      <source>Learn from the classes of one map instead of the change between two (recommended by the PLUS authors for very large areas): every valid cell is a sample candidate with its class.</source>
      <translation>从单幅地图的地类分布而非两期之间的变化中学习（PLUS 作者对超大研究区推荐此方式）：每个有效像元及其地类都是候选样本。</translation>
    </message>
    <message>
      <source>The stack of landcarbon:preparedrivers, or rasters on exactly the grid of the maps. Every band is a driver, named by its band description (else the file name).</source>
      <translation>landcarbon:preparedrivers 生成的驱动因子栈，或与地图网格完全一致的栅格。每个波段为一个驱动因子，以波段描述命名（无描述时用文件名）。</translation>
    </message>
    <message>
      <source>Sampling rate (share of the expansion cells)</source>
      <translation>抽样比例（占扩张像元的比例）</translation>
    </message>
    <message>
      <source>Share of the expansion cells in the one shared random sample (0.01 = 1 %, the official default); in (0, 1].</source>
      <translation>共用随机样本占扩张像元的比例（0.01 = 1 %，官方默认值）；取值 (0, 1]。</translation>
    </message>
    <message>
      <source>Balanced sampling</source>
      <translation>均衡抽样</translation>
    </message>
    <message>
      <source>Take the same number of cells for every class that expanded (SAMPLING_RATE x expansion cells / number of expanding classes; a class with fewer gives all its cells). Helps rare classes.</source>
      <translation>每个发生扩张的地类抽取相同数量的像元（SAMPLING_RATE x 扩张像元数 / 扩张地类数；像元不足的地类取全部像元）。有助于稀有地类。</translation>
    </message>
    <message>
      <source>Number of trees</source>
      <translation>决策树数量</translation>
    </message>
    <message>
      <source>Trees per random forest (official default 20). More trees give smoother probabilities and take longer.</source>
      <translation>每个随机森林的决策树数量（官方默认 20）。树越多，概率越平滑，耗时越长。</translation>
    </message>
    <message>
      <source>Drivers tried per split (mtry, 0 = all)</source>
      <translation>每次分裂尝试的驱动因子数（mtry，0 = 全部）</translation>
    </message>
    <message>
      <source>Number of drivers each split chooses from; 0 = all drivers (the official default, no feature subsampling).</source>
      <translation>每次分裂时可供选择的驱动因子数；0 = 全部驱动因子（官方默认，不进行特征子抽样）。</translation>
    </message>
    <message>
      <source>Seed of the sample, the forests and the permutations: the same seed gives byte-identical outputs.</source>
      <translation>抽样、随机森林和置换所用的随机数种子：相同的种子得到逐字节相同的输出。</translation>
    </message>
    <message>
      <source>Threads (0 = all cores)</source>
      <translation>线程数（0 = 全部核心）</translation>
    </message>
    <message>
      <source>Threads for training and prediction (no extra processes). The result does not depend on it.</source>
      <translation>训练和预测使用的线程数（不启动额外进程）。结果与线程数无关。</translation>
    </message>
    <message>
      <source>Training cells</source>
      <translation>训练像元</translation>
    </message>
    <message>
      <source>expansion: cells that changed class (PLUS)</source>
      <translation>expansion：类别发生变化的像元（PLUS）</translation>
    </message>
    <message>
      <source>all: every cell valid in both maps</source>
      <translation>all：两幅地图中均有效的全部像元</translation>
    </message>
    <message>
      <source>expansion (default, as PLUS): the forest of class k learns 'became k' against 'became another class' among the cells that changed. all: it learns 'became k' against 'could have become k but did not' (neither k at the start nor at the end, changed or not), from one sample of SAMPLING_RATE of all cells; P_k is then the chance of conversion, small where the land persists. See docs/leas.md.</source>
      <translation>expansion（默认，与 PLUS 相同）：地类 k 的随机森林在发生变化的像元中学习“变为 k”对“变为其他地类”。all：学习“变为 k”对“可能变为 k 但未变为 k”（初期和末期均不是 k，无论是否发生变化），样本为从全部像元中按 SAMPLING_RATE 抽取的同一个样本；此时 P_k 为发生转换的概率，在土地利用保持不变之处较小。见 docs/leas.md。</translation>
    </message>
    <message>
      <source>Minimum samples per leaf</source>
      <translation>叶节点最少样本数</translation>
    </message>
    <message>
      <source>1 (default, as PLUS) grows every tree to pure leaves, so each tree votes 0 or 1; larger values (e.g. 5) stop at leaves of that many samples and give smoother probabilities.</source>
      <translation>1（默认，与 PLUS 相同）：每棵决策树都生长到纯叶节点，因此每棵树投票为 0 或 1；更大的值（如 5）使每个叶节点至少包含该数量的样本，得到更平滑的概率。</translation>
    </message>
    <message>
      <source>Optional: class names for the band descriptions and tables.</source>
      <translation>可选：用于波段描述和表格的地类名称。</translation>
    </message>
    <message>
      <source>Float32 GeoTIFF, one band per class in ascending code order, description '&lt;code&gt; &lt;name&gt;', values in [0, 1], nodata -3.4e38 outside the valid cells of the end map.</source>
      <translation>Float32 GeoTIFF，每个地类一个波段，按代码升序，波段描述为 '&lt;code&gt; &lt;name&gt;'，取值 [0, 1]，末期地图有效像元以外的 NoData 为 -3.4e38。</translation>
    </message>
    <message>
      <source>CSV, one row per class, one column per driver: share of the permutation RMSE increase (rows sum to 1; empty with a note for a class that did not expand or had too few samples).</source>
      <translation>CSV，每个地类一行，每个驱动因子一列：该因子在置换后 RMSE 增量中所占的份额（每行之和为 1；未发生扩张或样本过少的地类为空，并附说明）。</translation>
    </message>
    <message>
      <source>Contribution chart</source>
      <translation>贡献度图</translation>
    </message>
    <message>
      <source>PNG bar chart of the contributions, one panel per class.</source>
      <translation>贡献度 PNG 条形图，每个地类一个子图。</translation>
    </message>
    <message>
      <source>Accuracy per class</source>
      <translation>各地类精度</translation>
    </message>
    <message>
      <source>CSV per class: expansion cells, sample cells, positive and negative cells, out-of-bag accuracy (share of correct votes of trees that did not see the cell), OOB cells, OOB accuracy among the positives, RMSE of the probabilities on the sample, and a note (e.g. why a class has no forest).</source>
      <translation>CSV，每个地类一行：扩张像元数、样本像元数、正样本与负样本像元数、袋外精度（未用该像元训练的决策树中投票正确的比例）、OOB 像元数、正样本中的袋外精度、样本上概率的 RMSE，以及备注（如某地类为何没有随机森林）。</translation>
    </message>
    <message>
      <source>Model file (for leaspredict)</source>
      <translation>模型文件（供 leaspredict 使用）</translation>
    </message>
    <message>
      <source>The trained forests, driver names and ranges, class codes and library versions, for landcarbon:leaspredict with updated drivers. Only load model files you trust (they are Python pickles).</source>
      <translation>训练好的随机森林、驱动因子名称及取值范围、地类代码和库版本，供 landcarbon:leaspredict 结合更新后的驱动因子使用。只加载可信来源的模型文件（它们是 Python pickle 文件）。</translation>
    </message>
    <message>
      <source>LEAS probability from a saved model</source>
      <translation>基于已保存模型的 LEAS 发展概率</translation>
    </message>
    <message>
      <source>&lt;p&gt;Applies the random forests of a model saved by landcarbon:leas to a driver stack, e.g. the training stack with a planned ring road added to the road layer (planning scenario), and writes the development probabilities of every class (Float32, one band per class, '&amp;lt;code&amp;gt; &amp;lt;name&amp;gt;', values in [0, 1], nodata outside the valid cells of LANDUSE).&lt;/p&gt;&lt;p&gt;The stack must hold the model's drivers under the same band names (bands in another order are matched by name); values are normalised with the training ranges stored in the model, so a driver's new values are comparable with the old ones. A model written by another LandCarbon or scikit-learn version is refused: train it again with landcarbon:leas.&lt;/p&gt;</source>
      <translation>&lt;p&gt;将 landcarbon:leas 保存的随机森林应用于驱动因子栈（例如在训练因子栈的道路图层中加入规划中的环路，即规划情景），输出各地类的发展概率（Float32，每个地类一个波段，'&amp;lt;code&amp;gt; &amp;lt;name&amp;gt;'，取值 [0, 1]，LANDUSE 有效像元以外为 NoData）。&lt;/p&gt;&lt;p&gt;因子栈必须以相同的波段名称包含模型的全部驱动因子（波段顺序不同时按名称匹配）；数值按模型中保存的训练取值范围归一化，因此驱动因子的新值与原值可比。由其他版本的 LandCarbon 或 scikit-learn 生成的模型将被拒绝：请用 landcarbon:leas 重新训练。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'do not match the model': build the updated stack with landcarbon:preparedrivers from the same layers as the training stack, replacing only the updated ones.&lt;/li&gt;&lt;li&gt;'trained with LandCarbon ... and scikit-learn ...': train the model again with landcarbon:leas in this QGIS.&lt;/li&gt;&lt;li&gt;'not on the same grid': the stack must be on the grid of LANDUSE.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'do not match the model'：用 landcarbon:preparedrivers 以与训练因子栈相同的图层制备更新后的因子栈，只替换有更新的图层。&lt;/li&gt;&lt;li&gt;'trained with LandCarbon ... and scikit-learn ...'：在当前 QGIS 中用 landcarbon:leas 重新训练模型。&lt;/li&gt;&lt;li&gt;'not on the same grid'：因子栈必须与 LANDUSE 位于同一网格。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>LEAS model file</source>
      <translation>LEAS 模型文件</translation>
    </message>
    <message>
      <source>OUTPUT_MODEL of landcarbon:leas. Only load model files you trust (they are Python pickles).</source>
      <translation>landcarbon:leas 的 OUTPUT_MODEL。只加载可信来源的模型文件（它们是 Python pickle 文件）。</translation>
    </message>
    <message>
      <source>Drivers (same names as for training)</source>
      <translation>驱动因子（名称与训练时相同）</translation>
    </message>
    <message>
      <source>Driver stack (or rasters) on the grid of LANDUSE with the model's band names; updated values where the plan changes a driver.</source>
      <translation>与 LANDUSE 网格一致、波段名称与模型相同的驱动因子栈（或栅格）；规划改变驱动因子之处使用更新后的值。</translation>
    </message>
    <message>
      <source>Land-use map (valid area and grid)</source>
      <translation>土地利用图（有效范围和网格）</translation>
    </message>
    <message>
      <source>The map whose valid cells get probabilities, usually the base map of the simulation.</source>
      <translation>为其有效像元计算发展概率的地图，通常为模拟的基准图。</translation>
    </message>
    <message>
      <source>Threads for the prediction; the result does not depend on it.</source>
      <translation>预测使用的线程数；结果与线程数无关。</translation>
    </message>
    <message>
      <source>Float32 GeoTIFF, one band per class of the model, values in [0, 1], nodata -3.4e38 outside the valid cells of LANDUSE.</source>
      <translation>Float32 GeoTIFF，模型中每个地类一个波段，取值 [0, 1]，LANDUSE 有效像元以外的 NoData 为 -3.4e38。</translation>
    </message>
    <message>
      <source>Carbon hot spots (Moran's I / LISA)</source>
      <translation>碳储量冷热点分析（Moran's I / LISA）</translation>
    </message>
    <message>
      <source>&lt;p&gt;Where carbon clusters: global Moran's I of a raster (e.g. carbon stock, Mg C/ha) and local Moran's I (LISA, Anselin 1995) with High-High / Low-Low clusters and High-Low / Low-High outliers; numbers as PySAL's esda 2.9 and GeoDa, without needing PySAL.&lt;/p&gt;&lt;p&gt;The raster is first aggregated to square analysis cells of CELL_SIZE map units (the mean of the valid pixels, in the raster's unit, or their sum, e.g. Mg per analysis cell from a Mg-per-pixel raster); each pixel counts for the cell that holds its centre, and a cell needs MIN_VALID_SHARE of valid pixels. Or give a polygon layer (GRID) and a numeric FIELD instead.&lt;/p&gt;&lt;p&gt;Weights: queen (shared edge or corner) or rook (shared edge) contiguity between units that hold a value, row-standardised. Units without any neighbour (islands) are reported and left out of the analysis (not in n, the mean or the variance; esda would keep them with an empty row, which only differs when islands exist); they get cluster code 5.&lt;/p&gt;&lt;p&gt;Global test: I, E[I] = -1/(n-1), variance, z and two-sided p under normality and under randomisation (Cliff &amp;amp; Ord), and the permutation p = (min(G, P-G) + 1) / (P + 1). Local test: conditional permutations (each unit's value held fixed, its neighbours drawn from the other values), pseudo p as above, significant when p &amp;lt; ALPHA (strictly, as esda). Cluster codes: 0 not significant, 1 High-High, 2 Low-High, 3 Low-Low, 4 High-Low, 5 no neighbours. A unit whose value equals the mean exactly (I_i = 0) gets p = 1 (esda reports 1/(P+1)). MORAN_P is the permutation p (PERMUTATIONS &amp;gt; 0) or the p under randomisation.&lt;/p&gt;</source>
      <translation>&lt;p&gt;碳储量在哪里聚集：计算栅格（如碳储量，Mg C/ha）的全局莫兰指数（Moran's I）和局部莫兰指数（LISA，Anselin 1995），识别高-高 / 低-低聚集和高-低 / 低-高异常；结果与 PySAL 的 esda 2.9 及 GeoDa 一致，但无需安装 PySAL。&lt;/p&gt;&lt;p&gt;栅格首先聚合为边长为 CELL_SIZE（地图单位）的正方形分析单元（取有效像元的均值，单位与栅格相同；或取其总和，如由每像元 Mg 的栅格得到每个分析单元的 Mg）；每个像元归入包含其中心点的分析单元，分析单元的有效像元比例须达到 MIN_VALID_SHARE。也可改为提供面图层（GRID）及其数值字段（FIELD）。&lt;/p&gt;&lt;p&gt;空间权重：有值单元之间的 Queen 邻接（共边或共点）或 Rook 邻接（共边），行标准化。没有任何邻居的单元（孤立单元）会在结果中列出，并排除在分析之外（不计入 n、均值和方差；esda 会以空行保留它们，仅在存在孤立单元时结果才有差别）；其聚类代码为 5。&lt;/p&gt;&lt;p&gt;全局检验：I、E[I] = -1/(n-1)、方差、z 值，正态假设和随机化假设（Cliff &amp;amp; Ord）下的双侧 p 值，以及置换检验 p = (min(G, P-G) + 1) / (P + 1)。局部检验：条件置换（固定各单元自身的值，从其余值中抽取其邻居的值），伪 p 值计算同上，p &amp;lt; ALPHA 时显著（严格小于，与 esda 相同）。聚类代码：0 不显著，1 高-高，2 低-高，3 低-低，4 高-低，5 无邻居。值恰好等于均值（I_i = 0）的单元 p = 1（esda 报告为 1/(P+1)）。MORAN_P 为置换检验 p 值（PERMUTATIONS &amp;gt; 0）或随机化假设下的 p 值。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'smaller than the cells of' / 'only N analysis cell(s)': CELL_SIZE must be at least the pixel size and small enough for 3 or more cells (dozens or more make sense).&lt;/li&gt;&lt;li&gt;'looks like a size in metres': the raster is in degrees; give CELL_SIZE in degrees or reproject the raster to a metric CRS.&lt;/li&gt;&lt;li&gt;'the variance is 0': every analysis cell has the same value; check the band, its nodata, or use a smaller CELL_SIZE.&lt;/li&gt;&lt;li&gt;'not numeric': choose a numeric FIELD (or convert it in the Field Calculator).&lt;/li&gt;&lt;li&gt;Give either INPUT or GRID, not both.&lt;/li&gt;&lt;li&gt;Many islands: use queen contiguity or a larger CELL_SIZE.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'smaller than the cells of' / 'only N analysis cell(s)'：CELL_SIZE 不得小于像元大小，同时要足够小，以得到 3 个以上的分析单元（几十个以上才有意义）。&lt;/li&gt;&lt;li&gt;'looks like a size in metres'：栅格为经纬度坐标；请以度为单位给出 CELL_SIZE，或将栅格重投影到以米为单位的坐标系。&lt;/li&gt;&lt;li&gt;'the variance is 0'：所有分析单元的值都相同；请检查波段及其 NoData，或使用更小的 CELL_SIZE。&lt;/li&gt;&lt;li&gt;'not numeric'：请选择数值型的 FIELD（或在字段计算器中转换）。&lt;/li&gt;&lt;li&gt;INPUT 和 GRID 只能给出其一。&lt;/li&gt;&lt;li&gt;孤立单元过多：改用 Queen 邻接或更大的 CELL_SIZE。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Raster (e.g. carbon stock)</source>
      <translation>栅格（如碳储量）</translation>
    </message>
    <message>
      <source>Raster to analyse, e.g. the carbon stock of landcarbon:carbon (Mg C/ha). Leave empty when using GRID and FIELD.</source>
      <translation>待分析的栅格，如 landcarbon:carbon 输出的碳储量（Mg C/ha）。使用 GRID 和 FIELD 时留空。</translation>
    </message>
    <message>
      <source>Band</source>
      <translation>波段</translation>
    </message>
    <message>
      <source>Band of the raster (default 1).</source>
      <translation>栅格的波段（默认 1）。</translation>
    </message>
    <message>
      <source>Analysis cell size (map units)</source>
      <translation>分析单元大小（地图单位）</translation>
    </message>
    <message>
      <source>Side of the square analysis cells in the raster's map units, e.g. 1000 (1 km) in a metric CRS; at least the pixel size. In a geographic CRS give degrees (1 km is about 0.009 degrees) or better reproject first.</source>
      <translation>正方形分析单元的边长，单位为栅格的地图单位，如投影坐标系下的 1000（1 km）；不得小于像元大小。地理坐标系下以度为单位（1 km 约为 0.009 度），最好先重投影。</translation>
    </message>
    <message>
      <source>Statistic per analysis cell</source>
      <translation>分析单元统计量</translation>
    </message>
    <message>
      <source>mean of the valid pixels (same unit as the raster, e.g. Mg C/ha) or sum (e.g. Mg per analysis cell from a raster of Mg per pixel).</source>
      <translation>mean：有效像元的均值（单位与栅格相同，如 Mg C/ha）；sum：总和（如由每像元 Mg 的栅格得到每个分析单元的 Mg）。</translation>
    </message>
    <message>
      <source>Minimum share of valid pixels per cell</source>
      <translation>分析单元的最小有效像元比例</translation>
    </message>
    <message>
      <source>An analysis cell enters the analysis when at least this share (0-1] of its pixels hold data; pixels outside the raster count as missing.</source>
      <translation>分析单元中有数据的像元比例（取值 (0-1]）至少达到此值时才参与分析；栅格范围以外的像元视为缺失。</translation>
    </message>
    <message>
      <source>Or: polygon layer</source>
      <translation>或：面图层</translation>
    </message>
    <message>
      <source>Instead of a raster: polygons (e.g. a grid made with Create Grid, or counties) with a numeric FIELD. Neighbours share a boundary; it must be topologically clean (shared edges coincide).</source>
      <translation>替代栅格：带数值字段 FIELD 的面要素（如用“创建网格”生成的格网，或县域）。共享边界的面互为邻居；图层须拓扑正确（公共边完全重合）。</translation>
    </message>
    <message>
      <source>Numeric field of the polygons</source>
      <translation>面要素的数值字段</translation>
    </message>
    <message>
      <source>Field to analyse (integer or real); features with an empty value are left out.</source>
      <translation>待分析的字段（整型或实型）；值为空的要素不参与分析。</translation>
    </message>
    <message>
      <source>Contiguity</source>
      <translation>邻接方式</translation>
    </message>
    <message>
      <source>queen: neighbours share an edge or a corner (8 around a cell); rook: they share an edge (4 around a cell). Weights are row-standardised.</source>
      <translation>queen：邻居共边或共点（每个单元周围 8 个）；rook：邻居共边（每个单元周围 4 个）。权重经行标准化。</translation>
    </message>
    <message>
      <source>Permutations</source>
      <translation>置换次数</translation>
    </message>
    <message>
      <source>Random permutations for the pseudo p values (global and local), e.g. 999 (smallest p 0.001) or 9999. 0 = no permutation test: no local significance, every cluster code 0.</source>
      <translation>计算伪 p 值（全局和局部）的随机置换次数，如 999（最小 p 值为 0.001）或 9999。0 = 不做置换检验：无局部显著性，聚类代码全部为 0。</translation>
    </message>
    <message>
      <source>Significance level</source>
      <translation>显著性水平</translation>
    </message>
    <message>
      <source>A unit is a significant cluster or outlier when its pseudo p &lt; ALPHA (strictly less, as PySAL esda).</source>
      <translation>伪 p 值 &lt; ALPHA（严格小于，与 PySAL esda 相同）时，该单元为显著的聚集或异常。</translation>
    </message>
    <message>
      <source>Seed of the permutations; the same seed gives the same outputs.</source>
      <translation>置换所用的随机数种子；相同的种子得到相同的输出。</translation>
    </message>
    <message>
      <source>LISA clusters (analysis cells)</source>
      <translation>LISA 聚类图（分析单元）</translation>
    </message>
    <message>
      <source>Byte raster on the analysis grid: 0 not significant, 1 High-High (red), 2 Low-High (light blue), 3 Low-Low (blue), 4 High-Low (light red), 5 no neighbours, 255 left out; colour table, names and .qml. Raster input only.</source>
      <translation>分析格网上的 Byte 栅格：0 不显著，1 高-高（红），2 低-高（浅蓝），3 低-低（蓝），4 高-低（浅红），5 无邻居，255 未参与分析；附颜色表、类别名称和 .qml。仅适用于栅格输入。</translation>
    </message>
    <message>
      <source>LISA results per unit (GeoPackage)</source>
      <translation>各单元 LISA 结果（GeoPackage）</translation>
    </message>
    <message>
      <source>GeoPackage (.gpkg) layer 'lisa', one polygon per analysis cell (or input polygon): row, col, valid_share (0-1) or source_fid; value (mean or sum, input unit); neighbours (count); z_score ((value - mean) / sd); lag_z (mean z of the neighbours); local_i; pseudo_p; quadrant (1 HH, 2 LH, 3 LL, 4 HL); cluster (code as the raster) and label. Styled by cluster.</source>
      <translation>GeoPackage（.gpkg）图层 'lisa'，每个分析单元（或输入面）一个面要素：row、col、valid_share（0-1）或 source_fid；value（均值或总和，输入单位）；neighbours（邻居数）；z_score（(value - 均值) / 标准差）；lag_z（邻居 z 值的均值）；local_i；pseudo_p；quadrant（1 HH，2 LH，3 LL，4 HL）；cluster（代码同栅格）和 label。按聚类类型设置样式。</translation>
    </message>
    <message>
      <source>CSV statistic,value,description: units analysed and islands, I, E[I], variance, z and p under normality and randomisation, permutations and permutation p, seed, alpha, number of units per cluster type.</source>
      <translation>CSV（statistic,value,description）：参与分析的单元数和孤立单元数，I、E[I]、方差，正态假设和随机化假设下的 z 值与 p 值，置换次数和置换检验 p 值，随机数种子，alpha，以及各聚类类型的单元数。</translation>
    </message>
    <message>
      <source>Moran scatter plot (PNG)</source>
      <translation>Moran 散点图（PNG）</translation>
    </message>
    <message>
      <source>PNG: z-score of each unit against the mean z-score of its neighbours, coloured by cluster; the line's slope is Moran's I.</source>
      <translation>PNG：各单元的 z 值与其邻居 z 值均值的散点图，按聚类类型着色；直线的斜率即 Moran's I。</translation>
    </message>
    <message>
      <source>Global Moran's I</source>
      <translation>全局莫兰指数（Moran's I）</translation>
    </message>
    <message>
      <source>p value of Moran's I (permutation, else randomisation)</source>
      <translation>Moran's I 的 p 值（置换检验，否则为随机化假设）</translation>
    </message>
    <message>
      <source>Land demand (Markov chain)</source>
      <translation>土地需求预测（马尔可夫链）</translation>
    </message>
    <message>
      <source>&lt;p&gt;How many cells of each land-use class a future year needs, from the change between two past maps: a Markov chain whose transition probabilities P_ij = n_ij / n_i+ (rows = class at the start, columns = class at the end, over cells valid at both dates) are adjusted for a policy scenario and projected m = (target - end) / (end - start) periods ahead: demand = cells per class at the end date x P^m.&lt;/p&gt;&lt;p&gt;Scenario: each listed conversion's probability is multiplied by its factor, a forbidden conversion gets 0 (and a 0 in the transition matrix for CARS); the diagonal takes the rest of the row (if that is negative, the row's conversions are scaled to sum 1). The presets UD, CP, EP are written on class roles (cropland, forest, grassland, water, built-up, unused, other), so they work for any classification: give the role of each class in the CLASSES table (column role; several codes may share a role, e.g. NLCD 21-24 built-up). Without roles, the codes of the CNLUCC scheme are recognised (1-6, or the subclasses 11-67 by their first digit) and the log says so. Custom reads your own table (CSV from,to,factor,allowed with class codes and/or roles; see resources/scenarios/README.md).&lt;/p&gt;&lt;p&gt;A non-integer number of periods uses the real matrix power (scipy fractional_matrix_power); when it is complex or negative (no stochastic root), the demand is interpolated between whole periods and a warning says so. The demand is rounded to whole cells by largest remainder and sums exactly to the valid cell count of the end map.&lt;/p&gt;&lt;p&gt;Outputs: the demand CSV year,code,cells,km2 that CARS reads, the observed and scenario-adjusted probabilities, and the 0/1 transition matrix for CARS.&lt;/p&gt;</source>
      <translation>&lt;p&gt;根据两期历史地图之间的变化，预测未来年份各土地利用类型所需的像元数：马尔可夫链的转移概率 P_ij = n_ij / n_i+（行 = 初期地类，列 = 末期地类，基于两期均有效的像元），按政策情景调整后向前推算 m = (target - end) / (end - start) 个时段：需求 = 末期各地类像元数 x P^m。&lt;/p&gt;&lt;p&gt;情景：所列各类转换的概率乘以相应系数，禁止的转换概率为 0（CARS 的转换矩阵中也记为 0）；对角线取该行的剩余概率（若为负值，则将该行各转换概率缩放至总和为 1）。预设情景 UD、CP、EP 按地类角色（耕地、林地、草地、水域、建设用地、未利用地、其他）定义，因此适用于任何分类体系：在 CLASSES 表中给出各地类的角色（role 列；多个代码可共用一个角色，如 NLCD 21-24 均为建设用地）。未给出角色时，识别 CNLUCC 分类体系的代码（1-6，或按首位数字识别二级类 11-67），并在日志中说明。Custom 读取自定义情景表（CSV：from,to,factor,allowed，使用地类代码和/或角色；见 resources/scenarios/README.md）。&lt;/p&gt;&lt;p&gt;时段数不为整数时使用实数矩阵幂（scipy fractional_matrix_power）；当结果为复数或出现负值（不存在随机矩阵根）时，在相邻整数时段之间对需求插值，并给出警告。需求按最大余数法取整为整像元数，总和恰好等于末期地图的有效像元数。&lt;/p&gt;&lt;p&gt;输出：CARS 读取的需求 CSV（year,code,cells,km2）、观测转移概率和情景调整后的转移概率，以及 CARS 使用的 0/1 转换矩阵。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'not on the same grid': align the two maps first (Raster &gt; Align Rasters, nearest neighbour).&lt;/li&gt;&lt;li&gt;'written for the six-class scheme': your maps use codes that are not CNLUCC's; give a CLASSES table with a role column (the message shows one, ready to edit, for your codes).&lt;/li&gt;&lt;li&gt;'gives none to class code(s)': add the roles of those classes to the CLASSES table ('other' for a class that is none of the six).&lt;/li&gt;&lt;li&gt;'names class code(s) ... that neither map holds': fix the codes in your scenario table.&lt;/li&gt;&lt;li&gt;'No cell changed class' (warning): the two maps are identical; check the files and years.&lt;/li&gt;&lt;li&gt;'real matrix power was not usable' (warning): choose target years a whole number of periods after the end year for an exact projection.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'not on the same grid'：先对齐两幅地图（栅格 &gt; 对齐栅格，最近邻重采样）。&lt;/li&gt;&lt;li&gt;'written for the six-class scheme'：地图使用的不是 CNLUCC 代码；请提供带 role 列的 CLASSES 表（消息中会针对你的代码给出一份可直接编辑的示例）。&lt;/li&gt;&lt;li&gt;'gives none to class code(s)'：在 CLASSES 表中补充这些地类的角色（不属于六类中任何一类的地类填 'other'）。&lt;/li&gt;&lt;li&gt;'names class code(s) ... that neither map holds'：修正情景表中的地类代码。&lt;/li&gt;&lt;li&gt;'No cell changed class'（警告）：两幅地图完全相同；请检查文件和年份。&lt;/li&gt;&lt;li&gt;'real matrix power was not usable'（警告）：若需精确推算，目标年份与末期年份之差应为时段长度的整数倍。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Land-use map at the start (earlier date)</source>
      <translation>初期土地利用图（较早年份）</translation>
    </message>
    <message>
      <source>Integer class codes; the earlier of the two calibration maps.</source>
      <translation>整数地类代码；两幅校准地图中较早的一幅。</translation>
    </message>
    <message>
      <source>Land-use map at the end (later date)</source>
      <translation>末期土地利用图（较晚年份）</translation>
    </message>
    <message>
      <source>Same grid as the start map. The demand starts from its class counts (all its valid cells), so it sums to its valid cell count.</source>
      <translation>与初期地图网格相同。需求以其各地类像元数（全部有效像元）为起点，因此总和等于其有效像元数。</translation>
    </message>
    <message>
      <source>Calendar year of the start map, e.g. 2010.</source>
      <translation>初期地图的年份（公历），如 2010。</translation>
    </message>
    <message>
      <source>Calendar year of the end map; later than the start year. One period = end year - start year.</source>
      <translation>末期地图的年份（公历）；须晚于初期年份。一个时段 = 末期年份 - 初期年份。</translation>
    </message>
    <message>
      <source>Target years</source>
      <translation>目标年份</translation>
    </message>
    <message>
      <source>One or more years after the end year, separated by commas (e.g. 2030,2040). Each is projected from the end map.</source>
      <translation>末期年份之后的一个或多个年份，以逗号分隔（如 2030,2040）。每个年份均由末期地图推算。</translation>
    </message>
    <message>
      <source>NE keeps the observed probabilities. UD: cropland, forest, grassland, water -&gt; built-up x1.2, built-up -&gt; other classes except cropland x0.7. CP: cropland may not convert to another role. EP: conversions to built-up x0.5-0.8, forest -&gt; built-up forbidden, forest -&gt; grassland x0.5, to forest x1.1-1.2. UD, CP, EP apply by class role: the CLASSES table's role column, or without one the CNLUCC codes (1 cropland, 2 forest, 3 grassland, 4 water, 5 built-up, 6 unused, or the subclasses 11-67). Custom: your SCENARIO_TABLE.</source>
      <translation>NE（自然发展）：保持观测转移概率。UD（城镇发展）：耕地、林地、草地、水域 -&gt; 建设用地 x1.2，建设用地 -&gt; 除耕地外的其他地类 x0.7。CP（耕地保护）：耕地不得转为其他角色的地类。EP（生态保护）：转为建设用地 x0.5-0.8，禁止林地 -&gt; 建设用地，林地 -&gt; 草地 x0.5，转为林地 x1.1-1.2。UD、CP、EP 按地类角色应用：CLASSES 表的 role 列；无该列时按 CNLUCC 代码（1 耕地、2 林地、3 草地、4 水域、5 建设用地、6 未利用地，或二级类 11-67）。Custom：使用 SCENARIO_TABLE。</translation>
    </message>
    <message>
      <source>Only with SCENARIO = Custom. One row per adjusted conversion: from and to class codes or class roles (a role = every class with that role), factor multiplying its probability (1.2 = +20 %, empty = 1), allowed 1 or 0 (0 = forbidden: probability 0 and a 0 in the transition matrix). The presets in resources/scenarios are examples.</source>
      <translation>仅在 SCENARIO = Custom 时使用。每个调整的转换一行：from 和 to 为地类代码或地类角色（角色 = 具有该角色的所有地类），factor 为其转移概率的乘数（1.2 = +20 %，空 = 1），allowed 为 1 或 0（0 = 禁止：概率为 0，转换矩阵中记为 0）。resources/scenarios 中的预设表可作为示例。</translation>
    </message>
    <message>
      <source>Optional: names used in the probabilities table and the log. An optional column role (cropland, forest, grassland, water, built-up, unused, other; e.g. 'urban', 'barren', 耕地 accepted) tells the presets UD, CP, EP which class is which, for any classification; several codes may share a role.</source>
      <translation>可选：转移概率表和日志中使用的地类名称。可选的 role 列（cropland、forest、grassland、water、built-up、unused、other；也接受 'urban'、'barren'、耕地 等写法）向预设情景 UD、CP、EP 指明各地类的角色，适用于任何分类体系；多个代码可共用一个角色。</translation>
    </message>
    <message>
      <source>CSV year,code,cells,km2: whole cells per class and target year, summing to the valid cell count of the end map (what CARS allocates); km2 is empty for a geographic CRS.</source>
      <translation>CSV（year,code,cells,km2）：各地类在各目标年份的整像元数，总和等于末期地图的有效像元数（即 CARS 需要分配的数量）；地理坐标系下 km2 为空。</translation>
    </message>
    <message>
      <source>Transition probabilities</source>
      <translation>转移概率</translation>
    </message>
    <message>
      <source>CSV, one row per from -&gt; to pair: observed cells, observed probability, scenario factor, allowed (1/0), scenario-adjusted probability, note.</source>
      <translation>CSV，每个“转出 -&gt; 转入”地类对一行：观测像元数、观测转移概率、情景系数、是否允许（1/0）、情景调整后的转移概率、备注。</translation>
    </message>
    <message>
      <source>Transition matrix for CARS</source>
      <translation>CARS 转换矩阵</translation>
    </message>
    <message>
      <source>Square CSV, header row and first column = class codes, rows = from, 1 = allowed, 0 = forbidden by the scenario.</source>
      <translation>方阵 CSV，首行和首列为地类代码，行 = 转出地类，1 = 允许，0 = 情景禁止。</translation>
    </message>
    <message>
      <source>Prepare driver stack</source>
      <translation>驱动因子栈制备</translation>
    </message>
    <message>
      <source>&lt;p&gt;Puts every driver of land-use change on the grid of a reference land-use map (same CRS, cell size, origin and size) and writes them as ONE multi-band Float32 GeoTIFF for LEAS: band description = driver name, one nodata value (-3.4e38).&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Rasters in any CRS, resolution and extent are warped with GDAL: bilinear for continuous layers (elevation, temperature, precipitation, GDP, population), nearest neighbour for categorical ones (soil type); every band of a multi-band file is a driver.&lt;/li&gt;&lt;li&gt;Vector layers (roads, railways, rivers, county seats): Euclidean distance in metres from each cell centre to the nearest feature (cells a feature touches are 0). Features outside the reference map's extent are not seen.&lt;/li&gt;&lt;li&gt;DEM: slope in degrees (Horn 1981; heights in metres; the edges of the map are extrapolated linearly).&lt;/li&gt;&lt;li&gt;Class codes of the reference map: distance in metres to the nearest cell of each class (e.g. to built-up, to water).&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Distances need a projected CRS: a reference map in degrees is refused for them (reproject it to UTM first). A driver that covers only part of the study area (the valid cells of the reference map) is filled with nodata there and the log says which share. The CSV report gives per band: name, source, method, unit, min, max, nodata cells and share of the study area.&lt;/p&gt;</source>
      <translation>&lt;p&gt;将土地利用变化的全部驱动因子统一到参考土地利用图的网格上（相同的坐标系、像元大小、原点和行列数），并写为供 LEAS 使用的单个多波段 Float32 GeoTIFF：波段描述 = 驱动因子名称，统一的 NoData 值（-3.4e38）。&lt;/p&gt;&lt;ul&gt;&lt;li&gt;任意坐标系、分辨率和范围的栅格均用 GDAL 重投影重采样：连续型图层（高程、气温、降水、GDP、人口）用双线性插值，类别型图层（土壤类型）用最近邻；多波段文件的每个波段都是一个驱动因子。&lt;/li&gt;&lt;li&gt;矢量图层（道路、铁路、河流、县级行政中心）：各像元中心到最近要素的欧氏距离（米）（要素所接触的像元为 0）。参考地图范围以外的要素不予考虑。&lt;/li&gt;&lt;li&gt;DEM：坡度，单位为度（Horn 1981；高程单位为米；地图边缘线性外推）。&lt;/li&gt;&lt;li&gt;参考地图的地类代码：到各地类最近像元的距离（米）（如到建设用地、到水域的距离）。&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;距离计算需要投影坐标系：参考地图为经纬度坐标时无法计算距离（请先重投影到 UTM）。只覆盖部分研究区（参考地图的有效像元）的驱动因子，在未覆盖处填充 NoData，日志给出其所占比例。CSV 报告按波段列出：名称、来源、方法、单位、最小值、最大值、NoData 像元数及其占研究区的比例。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'has no coordinate reference system': assign the layer's CRS (Layer Properties &gt; Source) and save a copy, or gdal_edit -a_srs EPSG:XXXX.&lt;/li&gt;&lt;li&gt;'geographic CRS ... must be in metres': reproject the land-use map to a projected CRS (Raster &gt; Projections &gt; Warp, nearest neighbour) and use it as REFERENCE.&lt;/li&gt;&lt;li&gt;'infinite cell(s)': set them to nodata first.&lt;/li&gt;&lt;li&gt;'does not overlap' / 'has no data anywhere in the study area': check the layer's extent and CRS.&lt;/li&gt;&lt;li&gt;'No feature ... lies inside the extent': the vector layer is elsewhere or its filter selects nothing there.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'has no coordinate reference system'：为图层指定坐标系（图层属性 &gt; 源（Layer Properties &gt; Source））并另存副本，或使用 gdal_edit -a_srs EPSG:XXXX。&lt;/li&gt;&lt;li&gt;'geographic CRS ... must be in metres'：将土地利用图重投影到投影坐标系（栅格 &gt; 投影 &gt; 重投影（Raster &gt; Projections &gt; Warp），最近邻），并将其作为 REFERENCE。&lt;/li&gt;&lt;li&gt;'infinite cell(s)'：先将这些像元设为 NoData。&lt;/li&gt;&lt;li&gt;'does not overlap' / 'has no data anywhere in the study area'：检查图层的范围和坐标系。&lt;/li&gt;&lt;li&gt;'No feature ... lies inside the extent'：矢量图层位于其他地区，或其过滤条件在该范围内没有选中任何要素。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Reference land-use map (defines the grid)</source>
      <translation>参考土地利用图（定义网格）</translation>
    </message>
    <message>
      <source>The land-use raster whose grid (CRS, cell size, origin, size) the stack gets; its valid cells are the study area for the nodata shares. Must have a CRS.</source>
      <translation>为因子栈提供网格（坐标系、像元大小、原点、行列数）的土地利用栅格；其有效像元即计算 NoData 比例时的研究区。必须有坐标系。</translation>
    </message>
    <message>
      <source>Continuous rasters (bilinear)</source>
      <translation>连续型栅格（双线性）</translation>
    </message>
    <message>
      <source>Rasters of continuous quantities in any CRS, resolution and extent (elevation in m, temperature, precipitation, GDP, population ...); resampled bilinearly. Each band becomes one driver named after the file.</source>
      <translation>任意坐标系、分辨率和范围的连续变量栅格（高程（m）、气温、降水、GDP、人口……）；以双线性插值重采样。每个波段成为一个以文件名命名的驱动因子。</translation>
    </message>
    <message>
      <source>Categorical rasters (nearest neighbour)</source>
      <translation>类别型栅格（最近邻）</translation>
    </message>
    <message>
      <source>Rasters of categories (soil type, geology ...): resampled with nearest neighbour so that codes are never averaged.</source>
      <translation>类别栅格（土壤类型、地质……）：以最近邻重采样，保证代码不被平均。</translation>
    </message>
    <message>
      <source>Vector layers (distance in m)</source>
      <translation>矢量图层（距离，m）</translation>
    </message>
    <message>
      <source>Points, lines or polygons in any CRS (roads, railways, rivers, county seats ...). Each gives a band 'distance to &lt;layer&gt; (m)': Euclidean distance in metres to the nearest feature. A layer's filter is honoured.</source>
      <translation>任意坐标系的点、线或面（道路、铁路、河流、县级行政中心……）。每个图层生成一个波段 'distance to &lt;layer&gt; (m)'：到最近要素的欧氏距离（米）。图层的过滤条件会被采用。</translation>
    </message>
    <message>
      <source>DEM for slope (optional)</source>
      <translation>用于计算坡度的 DEM（可选）</translation>
    </message>
    <message>
      <source>Digital elevation model, heights in metres, any CRS: warped bilinearly to the grid, then slope in degrees (Horn 1981) as band 'slope (degrees)'.</source>
      <translation>数字高程模型，高程单位为米，任意坐标系：先以双线性插值重投影到网格，再计算坡度（度，Horn 1981），波段名为 'slope (degrees)'。</translation>
    </message>
    <message>
      <source>Distance to classes (codes, optional)</source>
      <translation>到地类的距离（代码，可选）</translation>
    </message>
    <message>
      <source>Class codes of the reference map separated by commas (e.g. 5,4 for built-up and water): one band per code with the distance in metres to the nearest cell of that class.</source>
      <translation>参考地图的地类代码，以逗号分隔（如 5,4 表示建设用地和水域）：每个代码一个波段，值为到该地类最近像元的距离（米）。</translation>
    </message>
    <message>
      <source>Class names (CSV code,name,color)</source>
      <translation>地类名称（CSV：code,name,color）</translation>
    </message>
    <message>
      <source>Optional: names for the class-distance bands.</source>
      <translation>可选：地类距离波段的名称。</translation>
    </message>
    <message>
      <source>Driver stack</source>
      <translation>驱动因子栈</translation>
    </message>
    <message>
      <source>Multi-band Float32 GeoTIFF on the reference grid: one band per driver (rasters, vectors, slope, class distances, in that order), band description = driver name, nodata -3.4e38.</source>
      <translation>参考网格上的多波段 Float32 GeoTIFF：每个驱动因子一个波段（依次为栅格、矢量、坡度、地类距离），波段描述 = 驱动因子名称，NoData 为 -3.4e38。</translation>
    </message>
    <message>
      <source>Driver report</source>
      <translation>驱动因子报告</translation>
    </message>
    <message>
      <source>CSV, one row per band: band, name, source, method, unit, min, max, nodata cells in the study area and their share (%).</source>
      <translation>CSV，每个波段一行：band、name、source、method、unit、min、max、研究区内的 NoData 像元数及其比例（%）。</translation>
    </message>
    <message>
      <source>Could not read the vector layer {0} ({1}); save it as a GeoPackage and use that file.</source>
      <translation>无法读取矢量图层 {0}（{1}）；请将其另存为 GeoPackage 并使用该文件。</translation>
    </message>
    <message>
      <source>Land-use and carbon scenarios (whole study)</source>
      <translation>土地利用与碳储量多情景模拟（完整研究流程）</translation>
    </message>
    <message>
      <source>&lt;p&gt;The whole study in one run. From land-use maps of two or more past dates (oldest first) and a driver stack: land-use change statistics; LEAS development probabilities trained on the last two maps; a validation run (CARS simulates the last known map from the one before with the observed class totals; Kappa, FoM next to two baselines; out of sample with three or more maps); then for every scenario the Markov demand of the target years from the last two maps, CARS simulations year after year, and for every climate pathway and year the carbon stock (Mg C/ha), its change against the last known map, its value (currency) and LISA hot spots of the stock.&lt;/p&gt;&lt;p&gt;Results go to the output folder (a new subfolder if it already holds files): every map (styled) and table of every step, summary.csv (scenario x pathway x year: area per class in km2, carbon and its change in Tg C by pool, value per price, Moran's I), report.html (charts, small maps, accuracy, drivers and every parameter, with the command to repeat the run) and parameters.json. A scenario that fails is reported and the others go on.&lt;/p&gt;</source>
      <translation>&lt;p&gt;一次运行完成整个研究。基于两期或多期历史土地利用图（按从早到晚排列）和驱动因子栈，依次完成：土地利用变化统计；以最后两期地图训练 LEAS 发展概率；验证模拟（CARS 按观测的各地类总量，由倒数第二期地图模拟最后一期已知地图，计算 Kappa、FoM 并与两个基准模型比较；三期及以上地图时为样本外验证）；然后对每个情景，由最后两期地图计算各目标年份的马尔可夫链土地需求，CARS 逐年模拟，并对每个气候路径和年份计算碳储量（Mg C/ha）、相对最后一期已知地图的碳储量变化、变化的价值（货币单位）以及碳储量的 LISA 冷热点。&lt;/p&gt;&lt;p&gt;结果写入输出文件夹（若其中已有文件，则新建子文件夹）：各步骤的全部地图（已设置样式）和表格，summary.csv（情景 x 路径 x 年份：各地类面积（km2）、按碳库统计的碳储量及其变化（Tg C）、各碳价下的价值、Moran's I），report.html（图表、缩略图、精度、驱动因子和全部参数，以及重复本次运行的命令）和 parameters.json。某个情景失败时会在报告中说明，其余情景继续运行。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'not on the same grid': align maps and drivers first (landcarbon:preparedrivers, Raster &gt; Align Rasters).&lt;/li&gt;&lt;li&gt;'written for the six-class scheme': your maps use codes that are not CNLUCC's; give the CLASSES table a role column (cropland, forest, grassland, water, built-up, unused, other); the message shows one, ready to edit, for your codes.&lt;/li&gt;&lt;li&gt;A warning 'demand was not fully met': the scenario's demand asks for more than the transition matrix and the probabilities allow; the shortfall per class is in summary.csv and the report.&lt;/li&gt;&lt;li&gt;'No module named sklearn': install scikit-learn in QGIS's Python.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;'not on the same grid'：先对齐地图和驱动因子（landcarbon:preparedrivers，栅格 &gt; 对齐栅格）。&lt;/li&gt;&lt;li&gt;'written for the six-class scheme'：地图使用的不是 CNLUCC 代码；请为 CLASSES 表添加 role 列（cropland、forest、grassland、water、built-up、unused、other）；消息中会针对你的代码给出一份可直接编辑的示例。&lt;/li&gt;&lt;li&gt;警告 'demand was not fully met'：情景的需求超出了转换矩阵和发展概率所允许的范围；各地类的缺口见 summary.csv 和报告。&lt;/li&gt;&lt;li&gt;'No module named sklearn'：在 QGIS 的 Python 环境中安装 scikit-learn。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Two or more land-use rasters on one grid, oldest first. The scenarios start from the last map, with LEAS trained on the last two. The validation simulates the last map from the one before; with three or more maps its LEAS learns from the interval before that (out of sample).</source>
      <translation>同一网格上的两幅或多幅土地利用栅格，按从早到晚排列。各情景从最后一幅开始，LEAS 以最后两幅训练。验证由倒数第二幅模拟最后一幅；有三幅或更多地图时，验证所用的 LEAS 从再前一个时段学习（样本外验证）。</translation>
    </message>
    <message>
      <source>One year per map, increasing (e.g. 2000,2010,2020).</source>
      <translation>每幅地图一个年份，递增（如 2000,2010,2020）。</translation>
    </message>
    <message>
      <source>The stack of landcarbon:preparedrivers or single-band rasters on the land-use grid; every band is a driver.</source>
      <translation>landcarbon:preparedrivers 生成的驱动因子栈，或与土地利用图同网格的单波段栅格；每个波段为一个驱动因子。</translation>
    </message>
    <message>
      <source>Distance-to-class drivers (class codes)</source>
      <translation>到地类距离驱动因子（地类代码）</translation>
    </message>
    <message>
      <source>Optional class codes (e.g. 5,1): the distance in metres to the nearest cell of each class becomes a driver, recomputed from the start map of every run (LEAS training from the first map of its interval, the validation from its start map, the future from the last known map and then from each simulated year). Needs a projected CRS.</source>
      <translation>可选的地类代码（如 5,1）：到各地类最近像元的距离（米）作为驱动因子，并在每次运行时由其起始地图重新计算（LEAS 训练用其时段的第一幅地图，验证用其起始地图，未来情景先用最后一幅已知地图，之后用每个模拟年份的地图）。需要投影坐标系。</translation>
    </message>
    <message>
      <source>Years to simulate, after the last map's year (e.g. 2030,2040); each is simulated from the previous one.</source>
      <translation>需要模拟的年份，晚于最后一幅地图的年份（如 2030,2040）；每个年份由前一年份模拟得到。</translation>
    </message>
    <message>
      <source>Preset scenarios</source>
      <translation>预设情景</translation>
    </message>
    <message>
      <source>NE natural evolution (any class scheme); UD urban development, CP cropland protection, EP ecological protection, applied by class role: the role column of CLASSES, or without one the CNLUCC codes (1 cropland ... 6 unused, or subclasses 11-67).</source>
      <translation>NE 自然发展情景（适用于任何分类体系）；UD 城镇发展情景、CP 耕地保护情景、EP 生态保护情景，按地类角色应用：CLASSES 的 role 列；无该列时按 CNLUCC 代码（1 耕地……6 未利用地，或二级类 11-67）。</translation>
    </message>
    <message>
      <source>Custom scenario tables (CSV from,to,factor,allowed)</source>
      <translation>自定义情景表（CSV：from,to,factor,allowed）</translation>
    </message>
    <message>
      <source>Scenario tables for your classes; each file is one scenario named after the file. Format: resources/scenarios/README.md.</source>
      <translation>适用于自身地类体系的情景表；每个文件为一个情景，以文件名命名。格式见 resources/scenarios/README.md。</translation>
    </message>
    <message>
      <source>Optional names and colours of the classes, used in every map and chart.</source>
      <translation>可选：地类名称和颜色，用于所有地图和图表。</translation>
    </message>
    <message>
      <source>Carbon pools (CSV lucode,c_above,c_below,c_soil,c_dead)</source>
      <translation>碳密度表（CSV：lucode,c_above,c_below,c_soil,c_dead）</translation>
    </message>
    <message>
      <source>Carbon density of each class in Mg C/ha (InVEST format); today's densities (the reference climate's).</source>
      <translation>各地类的碳密度，单位 Mg C/ha（InVEST 格式）；为当前（即参考气候下的）碳密度。</translation>
    </message>
    <message>
      <source>Climate pathways (CSV name,P,T)</source>
      <translation>气候路径（CSV：name,P,T）</translation>
    </message>
    <message>
      <source>Optional: mean annual precipitation (mm) and temperature (deg C) per pathway (e.g. SSP1-2.6, SSP2-4.5, SSP5-8.5); future maps then use climate-corrected densities, one result per pathway.</source>
      <translation>可选：各路径（如 SSP1-2.6、SSP2-4.5、SSP5-8.5）的年均降水量（mm）和年均气温（°C）；未来地图将使用气候修正后的碳密度，每个路径一组结果。</translation>
    </message>
    <message>
      <source>Reference precipitation (mm)</source>
      <translation>参考降水量（mm）</translation>
    </message>
    <message>
      <source>Mean annual precipitation where the pool densities hold (with PATHWAYS).</source>
      <translation>碳密度测定地点的年均降水量（与 PATHWAYS 配合使用）。</translation>
    </message>
    <message>
      <source>Reference temperature (deg C)</source>
      <translation>参考气温（°C）</translation>
    </message>
    <message>
      <source>Mean annual temperature where the pool densities hold (with PATHWAYS).</source>
      <translation>碳密度测定地点的年均气温（与 PATHWAYS 配合使用）。</translation>
    </message>
    <message>
      <source>One or more prices per ton, separated by commas (e.g. 100,449.4,814.74,1716,4182.22); one value per price.</source>
      <translation type="vanished">每吨的一个或多个价格，以逗号分隔（如 100,449.4,814.74,1716,4182.22）；每个价格得到一个价值。</translation>
    </message>
    <message>
      <source>Price unit</source>
      <translation type="vanished">价格单位</translation>
    </message>
    <message>
      <source>Prices per metric ton of carbon (t C) or of CO2 (t CO2, converted with 44/12).</source>
      <translation type="vanished">价格按每吨碳（t C）或每吨 CO2（t CO2，按 44/12 换算）计。</translation>
    </message>
    <message>
      <source>Discount rate (%/yr)</source>
      <translation type="vanished">贴现率（%/yr）</translation>
    </message>
    <message>
      <source>Annual market discount rate in percent (negative allowed).</source>
      <translation type="vanished">年市场贴现率，单位为 %（允许为负）。</translation>
    </message>
    <message>
      <source>Annual price change (%/yr)</source>
      <translation type="vanished">碳价年变化率（%/yr）</translation>
    </message>
    <message>
      <source>Annual rate of change of the carbon price in percent (negative allowed).</source>
      <translation type="vanished">碳价的年变化率，单位为 %（允许为负）。</translation>
    </message>
    <message>
      <source>LISA analysis cell size (map units, 0 = automatic)</source>
      <translation>LISA 分析单元大小（地图单位，0 = 自动）</translation>
    </message>
    <message>
      <source>Size of the analysis cells the carbon stock is averaged to for Moran's I and LISA (e.g. 1000 m). 0: at least 10 x 10 pixels and at most about 20,000 analysis cells.</source>
      <translation>计算 Moran's I 和 LISA 时碳储量求平均所用的分析单元大小（如 1000 m）。0：每个分析单元至少 10 x 10 个像元，且分析单元总数不超过约 20,000 个。</translation>
    </message>
    <message>
      <source>LISA permutations</source>
      <translation>LISA 置换次数</translation>
    </message>
    <message>
      <source>Conditional permutations for the pseudo p-values (0 = analytic only).</source>
      <translation type="vanished">计算伪 p 值的条件置换次数（0 = 仅用解析法）。</translation>
    </message>
    <message>
      <source>LISA significance level</source>
      <translation>LISA 显著性水平</translation>
    </message>
    <message>
      <source>A cluster is significant when its pseudo p &lt; alpha (strict, as esda).</source>
      <translation type="vanished">伪 p 值 &lt; alpha 时聚类显著（严格小于，与 esda 相同）。</translation>
    </message>
    <message>
      <source>Seed of every random step (sampling, forests, CARS, permutations): the same seed gives the same results.</source>
      <translation>所有随机步骤（抽样、随机森林、CARS、置换）的随机数种子：相同的种子得到相同的结果。</translation>
    </message>
    <message>
      <source>CARS runs with the seeds SEED, SEED + 1, ... (1 = one simulation). With more, every scenario year gets a change-frequency map and a most-frequent-class map, its maps are the median (most typical) run's, summary.csv gives the mean, standard deviation and 5-95 % range of every area and carbon figure, the report draws them as error bars, and the validation gives FoM and Kappa as mean +- standard deviation.</source>
      <translation>CARS 以随机数种子 SEED、SEED + 1、……运行（1 = 单次模拟）。多于 1 次时，每个情景年份生成一幅变化频次图和一幅最常见地类图，其地图取中位（最典型）运行的结果；summary.csv 给出每项面积和碳储量数值的均值、标准差和 5-95 % 范围，报告中以误差棒表示；验证以均值 +- 标准差给出 FoM 和 Kappa。</translation>
    </message>
    <message>
      <source>LEAS sampling rate (0 = automatic)</source>
      <translation>LEAS 抽样比例（0 = 自动）</translation>
    </message>
    <message>
      <source>Share of the expansion cells sampled for LEAS. 0: about 50 samples for the class that expanded least, at least 0.01, at most 200,000 samples.</source>
      <translation>LEAS 从扩张像元中抽样的比例。0：扩张最少的地类约 50 个样本，比例不低于 0.01，样本总数不超过 200,000。</translation>
    </message>
    <message>
      <source>LEAS trees</source>
      <translation>LEAS 决策树数量</translation>
    </message>
    <message>
      <source>Trees of each random forest (PLUS default 20).</source>
      <translation type="vanished">每个随机森林的决策树数量（PLUS 默认 20）。</translation>
    </message>
    <message>
      <source>CARS neighbourhood size (cells, odd)</source>
      <translation type="vanished">CARS 邻域大小（像元，奇数）</translation>
    </message>
    <message>
      <source>Side of the square window of the neighbourhood effect (3 = 3 x 3).</source>
      <translation type="vanished">邻域效应正方形窗口的边长（3 = 3 x 3）。</translation>
    </message>
    <message>
      <source>CARS patch generation threshold (delta)</source>
      <translation type="vanished">CARS 斑块生成阈值（delta）</translation>
    </message>
    <message>
      <source>Threshold decay base delta in [0, 1] (0.5-0.9 in the PLUS examples).</source>
      <translation type="vanished">阈值衰减的底数 delta，取值 [0, 1]（PLUS 示例中为 0.5-0.9）。</translation>
    </message>
    <message>
      <source>CARS expansion coefficient (mu)</source>
      <translation type="vanished">CARS 扩展系数（mu）</translation>
    </message>
    <message>
      <source>Weight of new seed patches (0.1 in every PLUS example).</source>
      <translation type="vanished">新种子斑块的权重（PLUS 示例均为 0.1）。</translation>
    </message>
    <message>
      <source>CARS percentage of seeds</source>
      <translation type="vanished">CARS 随机种子比例</translation>
    </message>
    <message>
      <source>Budget of new seed cells per class and target year, as a share of the class's gap.</source>
      <translation type="vanished">每个地类在每个目标年份新种子像元的预算，以占该地类缺口的比例表示。</translation>
    </message>
    <message>
      <source>CARS decay share of the threshold</source>
      <translation type="vanished">CARS 阈值衰减比例</translation>
    </message>
    <message>
      <source>The threshold decays after every iteration that closes less than this share of the year's gap (default 0.5).</source>
      <translation type="vanished">若一次迭代填补的缺口不足当年缺口的该比例，阈值随之衰减（默认 0.5）。</translation>
    </message>
    <message>
      <source>CARS gain tolerance of classes above their demand</source>
      <translation type="vanished">CARS 超出需求地类的增长容差</translation>
    </message>
    <message>
      <source>FLUS tolerance for two-way flows between classes above their demand (default 0.05; 0 = none).</source>
      <translation type="vanished">超出需求的地类之间双向流动的 FLUS 容差（默认 0.05；0 = 不允许）。</translation>
    </message>
    <message>
      <source>Off (default): such a demand is allocated as far as it can be, with warnings, and the shortfall per class is in summary.csv and the report. On: the scenario fails with the reason.</source>
      <translation type="vanished">关闭（默认）：此类需求将尽可能分配，并给出警告，各地类的缺口见 summary.csv 和报告。开启：该情景运行失败并给出原因。</translation>
    </message>
    <message>
      <source>CARS maximum iterations</source>
      <translation type="vanished">CARS 最大迭代次数</translation>
    </message>
    <message>
      <source>Upper bound of CARS iterations per target year.</source>
      <translation type="vanished">每个目标年份 CARS 迭代次数的上限。</translation>
    </message>
    <message>
      <source>Threads for the random forests.</source>
      <translation type="vanished">随机森林使用的线程数。</translation>
    </message>
    <message>
      <source>Dask scheduler address (empty = this machine)</source>
      <translation>Dask 调度器地址（留空 = 本机）</translation>
    </message>
    <message>
      <source>Address of a running Dask scheduler (tcp://host:8786) to run the raster steps on a cluster, with the same results as on this machine. QGIS is only the client: start the scheduler and workers outside QGIS (dask scheduler; dask worker tcp://host:8786); the workers must read the input files at the same paths. Needs the Python packages dask and distributed. See docs/cluster.md.</source>
      <translation>正在运行的 Dask 调度器地址（tcp://host:8786），用于在集群上运行栅格计算步骤，结果与在本机运行相同。QGIS 仅作为客户端：请在 QGIS 之外启动调度器和工作节点（dask scheduler；dask worker tcp://host:8786）；工作节点必须能以相同的路径读取输入文件。需要 Python 包 dask 和 distributed。见 docs/cluster.md。</translation>
    </message>
    <message>
      <source>Output folder</source>
      <translation>输出文件夹</translation>
    </message>
    <message>
      <source>Folder for every result. If it already holds files, a new subfolder run_&lt;date&gt;_&lt;time&gt; is made: earlier runs are never overwritten.</source>
      <translation>存放全部结果的文件夹。若其中已有文件，则新建子文件夹 run_&lt;date&gt;_&lt;time&gt;：绝不覆盖以往的运行结果。</translation>
    </message>
    <message>
      <source>Study report</source>
      <translation>研究报告</translation>
    </message>
    <message>
      <source>Summary table</source>
      <translation>汇总表</translation>
    </message>
    <message>
      <source>Folder of this run</source>
      <translation>本次运行的文件夹</translation>
    </message>
    <message>
      <source>Zones: polygon layer</source>
      <translation>分区：面图层</translation>
    </message>
    <message>
      <source>Optional regions (e.g. counties) for totals per zone. A cell belongs to the polygon that contains its centre; where polygons overlap the last feature wins; features with the same name form one zone. Reprojected to the map's CRS if needed.</source>
      <translation>可选：用于分区统计总量的区域（如县域）。像元归属于包含其中心点的面；面相互重叠时以最后一个要素为准；名称相同的要素合并为一个分区。必要时重投影到地图的坐标系。</translation>
    </message>
    <message>
      <source>Zone name field</source>
      <translation>分区名称字段</translation>
    </message>
    <message>
      <source>Field that names the zones; empty: zones are named by feature id.</source>
      <translation>为分区命名的字段；留空：以要素 ID 命名。</translation>
    </message>
    <message>
      <source>Or: zone raster</source>
      <translation>或：分区栅格</translation>
    </message>
    <message>
      <source>Instead of polygons: an integer raster of zone codes on the same grid as the map (nodata = no zone).</source>
      <translation>替代面图层：与地图网格相同的整数分区代码栅格（NoData = 不属于任何分区）。</translation>
    </message>
    <message>
      <source>Accuracy of the model (validation: {0} simulated from {1})</source>
      <translation>模型精度（验证：由 {1} 模拟 {0}）</translation>
    </message>
    <message>
      <source>misses A (cells)</source>
      <translation>漏报 A（像元）</translation>
    </message>
    <message>
      <source>allocation disagreement</source>
      <translation>配置分歧</translation>
    </message>
    <message>
      <source>hits B (cells)</source>
      <translation>命中 B（像元）</translation>
    </message>
    <message>
      <source>wrong hits C (cells)</source>
      <translation>错误命中 C（像元）</translation>
    </message>
    <message>
      <source>false alarms D (cells)</source>
      <translation>误报 D（像元）</translation>
    </message>
    <message>
      <source>figure of merit (FoM)</source>
      <translation>品质因数（FoM）</translation>
    </message>
    <message>
      <source>FoM producer's accuracy</source>
      <translation>FoM 生产者精度</translation>
    </message>
    <message>
      <source>FoM user's accuracy</source>
      <translation>FoM 用户精度</translation>
    </message>
    <message>
      <source>Kappa histogram</source>
      <translation>直方图 Kappa</translation>
    </message>
    <message>
      <source>Kappa location</source>
      <translation>位置 Kappa</translation>
    </message>
    <message>
      <source>overall accuracy</source>
      <translation>总体精度</translation>
    </message>
    <message>
      <source>quantity disagreement</source>
      <translation>数量分歧</translation>
    </message>
    <message>
      <source>allocated</source>
      <translation>已分配</translation>
    </message>
    <message>
      <source>Demand and allocation per class (cells)</source>
      <translation>各地类需求与分配（像元）</translation>
    </message>
    <message>
      <source>The demand could not be fully met: CARS allocated as far as the transition matrix, the restrictions and the probabilities allowed; shortfall = demand - allocated.</source>
      <translation>需求未能完全满足：CARS 已在转换矩阵、限制区域和发展概率允许的范围内尽可能分配；缺口 = 需求 - 已分配。</translation>
    </message>
    <message>
      <source>Area per class (km2)</source>
      <translation>各地类面积（km2）</translation>
    </message>
    <message>
      <source>Carbon change by conversion at today's densities, {0} -&gt; {1} (Tg C)</source>
      <translation>按地类转换统计的碳储量变化（当前碳密度），{0} -&gt; {1}（Tg C）</translation>
    </message>
    <message>
      <source>The model next to two baselines</source>
      <translation>模型与两种基准模型的比较</translation>
    </message>
    <message>
      <source>Both baselines make the simulation's own changes (the same cells from -&gt; to per class) on the same cells: at random, and in the cells nearest to existing patches of each class. A model FoM above both shows that it places the change better than chance and than simple proximity.</source>
      <translation>两种基准模型都在相同的像元上实现模拟自身的变化（各地类“转出 -&gt; 转入”的像元数相同）：一种随机分配，一种分配到距各地类现有斑块最近的像元。模型 FoM 高于二者，说明其对变化位置的模拟优于随机分配，也优于单纯的邻近扩张。</translation>
    </message>
    <message>
      <source>nearest to existing patches</source>
      <translation>距现有斑块最近</translation>
    </message>
    <message>
      <source>random allocation</source>
      <translation>随机分配</translation>
    </message>
    <message>
      <source>Carbon stock (Tg C)</source>
      <translation>碳储量（Tg C）</translation>
    </message>
    <message>
      <source>Class</source>
      <translation>地类</translation>
    </message>
    <message>
      <source>Contents</source>
      <translation>目录</translation>
    </message>
    <message>
      <source>demand</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Driver contributions (LEAS)</source>
      <translation>驱动因子贡献度（LEAS）</translation>
    </message>
    <message>
      <source>This scenario failed: {0}</source>
      <translation>该情景运行失败：{0}</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>model's FoM as a multiple</source>
      <translation>模型 FoM 为基准模型的倍数</translation>
    </message>
    <message>
      <source>Observed land use</source>
      <translation>观测土地利用</translation>
    </message>
    <message>
      <source>In short</source>
      <translation>概要</translation>
    </message>
    <message>
      <source>{0} {1}, {2}: carbon change (Tg C)</source>
      <translation>{0} {1}，{2}：碳储量变化（Tg C）</translation>
    </message>
    <message>
      <source>Key figures</source>
      <translation>主要结果</translation>
    </message>
    <message>
      <source>FoM of growth next to patches</source>
      <translation>邻近斑块生长的 FoM</translation>
    </message>
    <message>
      <source>FoM of random allocation</source>
      <translation>随机分配的 FoM</translation>
    </message>
    <message>
      <source>{0} {1}: demand not fully met ({2} cells)</source>
      <translation>{0} {1} 年：需求未完全满足（缺口 {2} 个像元）</translation>
    </message>
    <message>
      <source>Carbon stock {0} (Tg C)</source>
      <translation>{0} 年碳储量（Tg C）</translation>
    </message>
    <message>
      <source>Validation {0}: demand not fully met ({1} cells)</source>
      <translation>验证 {0} 年：需求未完全满足（缺口 {1} 个像元）</translation>
    </message>
    <message>
      <source>Carbon change {0} -&gt; {1}, {2} (Mg C/ha)</source>
      <translation>碳储量变化 {0} -&gt; {1}，{2}（Mg C/ha）</translation>
    </message>
    <message>
      <source>Change frequency {0} (runs of {1})</source>
      <translation>{0} 年变化频次（共 {1} 次运行）</translation>
    </message>
    <message>
      <source>Land use {0}</source>
      <translation>{0} 年土地利用</translation>
    </message>
    <message>
      <source>LISA clusters {0}, {1}</source>
      <translation>{0} 年 LISA 聚类，{1}</translation>
    </message>
    <message>
      <source>Maps of {0}</source>
      <translation>{0} 情景地图</translation>
    </message>
    <message>
      <source>Carbon change {0} -&gt; {1} (Mg C/ha)</source>
      <translation>碳储量变化 {0} -&gt; {1}（Mg C/ha）</translation>
    </message>
    <message>
      <source>LISA clusters of carbon stock {0}</source>
      <translation>{0} 年碳储量 LISA 聚类</translation>
    </message>
    <message>
      <source>model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>no conversion changed the carbon stock</source>
      <translation>没有任何地类转换引起碳储量变化</translation>
    </message>
    <message>
      <source>Observed land-use change</source>
      <translation>历史土地利用变化</translation>
    </message>
    <message>
      <source>Parameter</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Parameters (to repeat this run)</source>
      <translation>参数（用于重复本次运行）</translation>
    </message>
    <message>
      <source>climate correction of densities</source>
      <translation>碳密度气候修正</translation>
    </message>
    <message>
      <source>land-use change (today's densities)</source>
      <translation>土地利用变化（当前碳密度）</translation>
    </message>
    <message>
      <source>total change</source>
      <translation>总变化</translation>
    </message>
    <message>
      <source>Pathway</source>
      <translation>路径</translation>
    </message>
    <message>
      <source>Command to repeat this run</source>
      <translation>重复本次运行的命令</translation>
    </message>
    <message>
      <source>Run</source>
      <translation>运行</translation>
    </message>
    <message>
      <source>Scenario {0}</source>
      <translation>情景 {0}</translation>
    </message>
    <message>
      <source>shortfall</source>
      <translation>缺口</translation>
    </message>
    <message>
      <source>Carbon change {0} -&gt; {1}: land use and climate (Tg C)</source>
      <translation>碳储量变化 {0} -&gt; {1}：土地利用与气候（Tg C）</translation>
    </message>
    <message>
      <source>Statistic</source>
      <translation>统计量</translation>
    </message>
    <message>
      <source>cancelled by the user; the results below are those finished before</source>
      <translation>已被用户取消；以下为取消前已完成的结果</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>finished</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>Carbon changes by {0} Tg C ({1} pathway): {2} Tg C from land-use change at today's densities and {3} Tg C from the climate correction of densities.</source>
      <translation>碳储量变化 {0} Tg C（{1} 路径）：其中当前碳密度下的土地利用变化贡献 {2} Tg C，碳密度气候修正贡献 {3} Tg C。</translation>
    </message>
    <message>
      <source>{0} -&gt; {1} ({2} km2)</source>
      <translation>{0} 转为 {1}（{2} km2）</translation>
    </message>
    <message>
      <source>Scenario {0}, {1} -&gt; {2}: the largest conversions are {3}.</source>
      <translation>情景 {0}，{1} -&gt; {2}：面积最大的地类转换依次为 {3}。</translation>
    </message>
    <message>
      <source>Scenario {0}, {1} -&gt; {2}: no cell changed class.</source>
      <translation>情景 {0}，{1} -&gt; {2}：没有像元发生地类变化。</translation>
    </message>
    <message>
      <source>Over the climate pathways the change ranges from {0} to {1} Tg C.</source>
      <translation>在各气候路径下，变化量介于 {0} 至 {1} Tg C 之间。</translation>
    </message>
    <message>
      <source>The demand was not fully met: {0} cells are missing.</source>
      <translation>需求未完全满足：缺少 {0} 个像元。</translation>
    </message>
    <message>
      <source>Its value is {0} (at {1}).</source>
      <translation>其价值为 {0}（按 {1} 计）。</translation>
    </message>
    <message>
      <source>Summary (scenario x pathway x year)</source>
      <translation>汇总（情景 x 路径 x 年份）</translation>
    </message>
    <message>
      <source>LandCarbon study report</source>
      <translation>LandCarbon 研究报告</translation>
    </message>
    <message>
      <source>In sample: with two maps LEAS learnt from the very interval it simulates ({0} -&gt; {1}), so these figures show how well the model reproduces its training period, not how well it predicts. Give three or more maps for an out-of-sample validation.</source>
      <translation>样本内验证：只有两幅地图时，LEAS 正是从所模拟的时段（{0} -&gt; {1}）学习的，因此这些指标反映的是模型再现其训练时段的能力，而非预测能力。提供三幅或更多地图可进行样本外验证。</translation>
    </message>
    <message>
      <source>Out of sample: LEAS learnt from {0} -&gt; {1} only; the map of {2} was not used to train the model.</source>
      <translation>样本外验证：LEAS 仅从 {0} -&gt; {1} 学习；{2} 年的地图未用于训练模型。</translation>
    </message>
    <message>
      <source>Over {0} runs (seeds): FoM {1}, Kappa {2} (mean +- standard deviation); the table shows the median (most typical) run, seed {3}.</source>
      <translation>{0} 次运行（随机数种子）：FoM {1}，Kappa {2}（均值 +- 标准差）；表中为中位（最典型）运行的结果，随机数种子为 {3}。</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>数值</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <source>C_SP = a_SP x P + b_SP (Alam et al. 2013). Default 3.3968.</source>
      <translation>C_SP = a_SP x P + b_SP（Alam et al. 2013）。默认值 3.3968。</translation>
    </message>
    <message>
      <source>C_SP = a_SP x P + b_SP (Alam et al. 2013). Default 3996.1.</source>
      <translation>C_SP = a_SP x P + b_SP（Alam et al. 2013）。默认值 3996.1。</translation>
    </message>
    <message>
      <source>C_BP = a_BP x exp(b_BP x P) (Alam et al. 2013); cancels in the ratio K_BP. Default 6.798.</source>
      <translation>C_BP = a_BP x exp(b_BP x P)（Alam et al. 2013）；在比值 K_BP 中被约去。默认值 6.798。</translation>
    </message>
    <message>
      <source>C_BP = a_BP x exp(b_BP x P) (Alam et al. 2013); K_BP = exp(b_BP x (P - P_ref)), very sensitive. Default 0.0054.</source>
      <translation>C_BP = a_BP x exp(b_BP x P)（Alam et al. 2013）；K_BP = exp(b_BP x (P - P_ref))，对该参数非常敏感。默认值 0.0054。</translation>
    </message>
    <message>
      <source>C_BT = a_BT x T + b_BT (Chen et al. 2007). Default 28.</source>
      <translation>C_BT = a_BT x T + b_BT（Chen et al. 2007）。默认值 28。</translation>
    </message>
    <message>
      <source>C_BT = a_BT x T + b_BT (Chen et al. 2007). Default 398.</source>
      <translation>C_BT = a_BT x T + b_BT（Chen et al. 2007）。默认值 398。</translation>
    </message>
    <message>
      <source>Custom (SCENARIO_TABLE)</source>
      <translation>Custom（自定义情景表 SCENARIO_TABLE）</translation>
    </message>
    <message>
      <source>Calibrate LEAS and CARS by skill</source>
      <translation>按精度校准 LEAS 与 CARS 参数</translation>
    </message>
    <message>
      <source>&lt;p&gt;Chooses the LEAS and CARS settings that simulate a past interval best, by the figure of merit (FoM) against the observed map, next to the random and nearest-patch baselines. Give the maps BEFORE the one you will validate on: with three or more maps LEAS learns from the interval before the last one and CARS simulates the last one (out of sample); with two, LEAS learns from the interval it simulates (in sample).&lt;/p&gt;&lt;p&gt;It tries one setting at a time (distance-to-class drivers, LEAS training cells, neighbourhood weights, patch threshold, seed percentage, expansion coefficient, decay share, neighbourhood size, LEAS leaf size), every value with the others fixed, each over two CARS seeds, keeps a value that beats the current one by more than the seed noise, and repeats until nothing changes or the time budget ends. Outputs: trials.csv, sensitivity.csv and .png (FoM per tried value of each setting) and chosen_settings.json; use the chosen values in landcarbon:cars and landcarbon:leas, or tick CALIBRATE in the whole study.&lt;/p&gt;</source>
      <translation type="vanished">&lt;p&gt;按品质因数（FoM，与观测图比较）选择对过去某一时段模拟效果最好的 LEAS 与 CARS 参数，并与随机分配和最近斑块两个基线并列给出。请只输入待验证地图之前的地图：有三幅及以上地图时，LEAS 从倒数第二个时段学习，CARS 模拟最后一个时段（样本外）；只有两幅时，LEAS 从其模拟的同一时段学习（样本内）。&lt;/p&gt;&lt;p&gt;每次只改一个参数（到类别距离驱动因子、LEAS 训练样本、邻域权重、斑块生成阈值、种子比例、扩张系数、衰减比例、邻域大小、LEAS 叶节点样本数），在其他参数固定时逐一尝试其每个取值，每个取值用两个 CARS 随机种子评估；仅当新取值优于当前取值且超出种子噪声时才采用，如此反复，直到没有变化或时间预算用完。输出：trials.csv、sensitivity.csv 与 .png（每个参数各取值的 FoM）以及 chosen_settings.json；可将所选参数用于 landcarbon:cars 和 landcarbon:leas，或在整体研究中勾选 CALIBRATE。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'not on the same grid': align maps and drivers first.&lt;/li&gt;&lt;li&gt;The budget ended the search early: give a larger CALIBRATION_BUDGET; the table says which settings were tried.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;“不在同一网格上”：请先对齐土地利用图和驱动因子。&lt;/li&gt;&lt;li&gt;时间预算提前结束了搜索：请增大 CALIBRATION_BUDGET；表格列出了已尝试的参数。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Chosen settings (JSON)</source>
      <translation>所选参数（JSON）</translation>
    </message>
    <message>
      <source>Folder of this calibration</source>
      <translation>本次校准的文件夹</translation>
    </message>
    <message>
      <source>Calibration: settings chosen by skill on {0} -&gt; {1}</source>
      <translation>校准：按 {0} -&gt; {1} 的模拟精度选择参数</translation>
    </message>
    <message>
      <source>, the budget ended the search</source>
      <translation>，时间预算结束了搜索</translation>
    </message>
    <message>
      <source>Chosen</source>
      <translation>所选</translation>
    </message>
    <message>
      <source>FoM on the calibration interval</source>
      <translation>校准时段的 FoM</translation>
    </message>
    <message>
      <source>The validation below simulates a later interval, which the calibration never saw: it tests the chosen settings out of sample.</source>
      <translation>下方的验证模拟的是更晚的时段，校准从未见过该时段：它在样本外检验所选参数。</translation>
    </message>
    <message>
      <source>FoM of the nearest-patch baseline</source>
      <translation>最近斑块基线的 FoM</translation>
    </message>
    <message>
      <source>{0} trials in {1} s (budget {2} s{3}); LEAS learnt from {4} -&gt; {5} ({6}).</source>
      <translation>{1} 秒内完成 {0} 次试验（预算 {2} 秒{3}）；LEAS 从 {4} -&gt; {5} 学习（{6}）。</translation>
    </message>
    <message>
      <source>FoM of the random baseline</source>
      <translation>随机基线的 FoM</translation>
    </message>
    <message>
      <source>With two maps the validation simulates the same interval: it does not test the chosen settings independently.</source>
      <translation>只有两幅地图时，验证模拟的是同一时段：它不能独立检验所选参数。</translation>
    </message>
    <message>
      <source>Setting</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>初始</translation>
    </message>
    <message>
      <source>in sample</source>
      <translation>样本内</translation>
    </message>
    <message>
      <source>out of sample</source>
      <translation>样本外</translation>
    </message>
    <message>
      <source>CARS neighbourhood weights</source>
      <translation>CARS 邻域权重</translation>
    </message>
    <message>
      <source>w_k of the neighbourhood effect: each class's share of the cells that changed class in the interval before the simulation (default, as PLUS), or 1 for every class.</source>
      <translation>邻域效应的权重 w_k：模拟之前时段中各类别在变化像元中的扩张份额（默认，与 PLUS 相同），或所有类别均为 1。</translation>
    </message>
    <message>
      <source>each class's share of the expansion (PLUS)</source>
      <translation>各类别的扩张份额（PLUS）</translation>
    </message>
    <message>
      <source>1 for every class</source>
      <translation>所有类别均为 1</translation>
    </message>
    <message>
      <source>Calibrate the settings by skill</source>
      <translation>按精度校准参数</translation>
    </message>
    <message>
      <source>Search the CARS and LEAS settings (neighbourhood, weights, patch threshold, expansion coefficient, seeds, decay share, LEAS training cells and leaf size, distance-to-class drivers) by the figure of merit of simulating an interval before the validation's (the validation map is never seen), within CALIBRATION_BUDGET; the chosen settings are used by the validation and the scenarios and recorded in parameters.json (calibration/ holds the table and chart). See docs/calibration.md.</source>
      <translation>在验证时段之前的一个时段上（从不使用验证地图），于 CALIBRATION_BUDGET 内按模拟的品质因数搜索 CARS 与 LEAS 参数（邻域、权重、斑块生成阈值、扩张系数、种子、衰减比例、LEAS 训练样本与叶节点大小、到类别距离驱动因子）；所选参数用于验证和各情景，并记录在 parameters.json 中（calibration/ 中有表格与图）。见 docs/calibration.md。</translation>
    </message>
    <message>
      <source>Calibration time budget (minutes)</source>
      <translation>校准时间预算（分钟）</translation>
    </message>
    <message>
      <source>Wall-clock minutes the calibration may spend; it tries the most promising settings first and stops when the next trial would not fit.</source>
      <translation>校准可使用的实际时间（分钟）；先尝试最有希望的参数，当下一次试验无法在预算内完成时停止。</translation>
    </message>
    <message>
      <source>Pace of the allocation (iterations)</source>
      <translation>分配节奏（迭代次数）</translation>
    </message>
    <message>
      <source>H: once the threshold has decayed, a class whose gap closes by less than 1/H of its initial gap in an iteration gets its demand coefficient D_k doubled (a deficit) or halved (a surplus), and a growing class may start new seed patches for the growth it lacks; a growing class may also give up cells to another growing class only as far as it can win them back. 0 = PLUS's rules (docs/cars.md, "Pace").</source>
      <translation>H：阈值衰减后，若某类别在一次迭代中缩小的缺口不足其初始缺口的 1/H，则其需求系数 D_k 加倍（缺额）或减半（盈余），增长类别可为欠缺的增长开启新的种子斑块；增长类别向另一增长类别让出像元的数量以其能够收回的为限。0 = PLUS 原规则（docs/cars.md，“Pace”）。</translation>
    </message>
    <message>
      <source>Least progress of the last iterations (share of the gap)</source>
      <translation>最近若干次迭代的最小进展（缺口份额）</translation>
    </message>
    <message>
      <source>A target year stops when the last STALL_ITERATIONS iterations closed less than this share of the remaining gap (once the threshold has vanished, or after 100 iterations in any case); what remains is diagnosed (default 0.05).</source>
      <translation>当最近 STALL_ITERATIONS 次迭代缩小的缺口少于剩余缺口的此份额时，该目标年份停止（阈值消失后，或无论如何在 100 次迭代后）；剩余部分会给出诊断（默认 0.05）。</translation>
    </message>
    <message>
      <source>Iterations of the progress stop rule</source>
      <translation>进展停止规则的迭代窗口</translation>
    </message>
    <message>
      <source>The window of the progress stop rule: the last this many iterations must close at least PROGRESS_SHARE of the gap (default 10).</source>
      <translation>进展停止规则的窗口：最近这么多次迭代必须至少缩小 PROGRESS_SHARE 的缺口（默认 10）。</translation>
    </message>
    <message>
      <source>Share of classes around each cell (codes, optional)</source>
      <translation>各像元周围的类别占比（类别代码，可选）</translation>
    </message>
    <message>
      <source>Class codes of the reference map separated by commas: per code and window size (SHARE_WINDOWS) one band with the share of that class among the valid cells of the n x n window around each cell (0-1), the composition of the neighbourhood as a driver (docs/drivers.md).</source>
      <translation>参考土地利用图的类别代码，用逗号分隔：每个代码和每种窗口大小（SHARE_WINDOWS）生成一个波段，值为该类别在每个像元周围 n x n 窗口有效像元中所占的比例（0-1），即邻域组成作为驱动因子（docs/drivers.md）。</translation>
    </message>
    <message>
      <source>Window sizes of the class shares (odd, cells)</source>
      <translation>类别占比的窗口大小（奇数，像元）</translation>
    </message>
    <message>
      <source>Sides of the square windows of SHARE_OF_CLASSES, odd (default 3,5,11).</source>
      <translation>SHARE_OF_CLASSES 正方形窗口的边长，奇数（默认 3,5,11）。</translation>
    </message>
    <message>
      <source>Landscape drivers of every class</source>
      <translation>所有类别的景观驱动因子</translation>
    </message>
    <message>
      <source>Drivers LEAS gets from the land-use map itself, for every class, recomputed from each map a model learns from or predicts on (like DISTANCE_TO_CLASSES): the distance in metres to the nearest cell of the class, and optionally the share of the class among the cells of the 3 x 3, 5 x 5 and 11 x 11 windows around each cell. With TRAINING = all they placed change better than distance to existing patches on every shared data set (docs/calibration.md); they cost 4 bands per class and map. Needs a projected CRS for the distances.</source>
      <translation>LEAS 从土地利用图本身为每个类别计算的驱动因子，与 DISTANCE_TO_CLASSES 一样，从模型学习或预测所用的每幅地图重新计算：到该类别最近像元的距离（米），以及可选的该类别在每个像元周围 3 x 3、5 x 5 和 11 x 11 窗口中的占比。配合 TRAINING = all，它们在所有共享数据集上对变化位置的预测都优于“到现有斑块的距离”（docs/calibration.md）；每个类别每幅地图需要 4 个波段。距离需要投影坐标系。</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>distance to every class</source>
      <translation>到每个类别的距离</translation>
    </message>
    <message>
      <source>distance to every class and its share around each cell</source>
      <translation>到每个类别的距离及其在像元周围的占比</translation>
    </message>
    <message>
      <source>CARS conversions allowed</source>
      <translation>CARS 允许的转换</translation>
    </message>
    <message>
      <source>all (default, PLUS): every class may become every other one (the scenario's rules still apply). observed: only conversions that happened in the interval LEAS learnt from (the one before the validation's for the validation; the last one for the scenarios), so CARS makes no conversion the maps never showed.</source>
      <translation>all（默认，PLUS）：每个类别都可以转为其他任一类别（情景规则仍然适用）。observed：只允许 LEAS 学习时段内实际发生过的转换（验证使用验证之前的时段，情景使用最后一个时段），因此 CARS 不会进行地图中从未出现的转换。</translation>
    </message>
    <message>
      <source>all conversions (PLUS)</source>
      <translation>所有转换（PLUS）</translation>
    </message>
    <message>
      <source>the conversions observed in the interval LEAS learnt from</source>
      <translation>LEAS 学习时段内观测到的转换</translation>
    </message>
    <message>
      <source>&lt;p&gt;Beyond cell-by-cell agreement: Kappa Simulation (KSim, van Vliet et al. 2011: agreement beyond a random allocation of each class's simulated transitions, split into KTransition and KTransloc), the skill per from -&amp;gt; to transition (cells observed, simulated, hit, missed, false alarms and FoM, largest first), and with MULTIRESOLUTION the difference at aggregation factors 1, 2, 4, ... split into quantity, exchange and shift (Pontius et al. 2008), next to the persistence map (INITIAL): the null resolution is the finest factor at which the simulation beats it.&lt;/p&gt;</source>
      <translation>&lt;p&gt;逐像元一致性之外：模拟 Kappa（KSim，van Vliet et al. 2011：超出“各地类的模拟转换随机配置”所能达到的一致性，分解为 KTransition 和 KTransloc）；各“转出 -&amp;gt; 转入”转换的模拟能力（观测、模拟、命中、漏报、误报像元数及 FoM，按规模从大到小）；以及启用 MULTIRESOLUTION 时，按聚合倍数 1、2、4、…… 将差异分解为数量、交换和偏移分歧（Pontius et al. 2008），并与不变图（INITIAL）比较：零分辨率即模拟优于不变图的最细聚合倍数。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>Kappa Simulation (KSim)</source>
      <translation>模拟 Kappa（KSim）</translation>
    </message>
    <message>
      <source>Null resolution (aggregation factor, cells per side)</source>
      <translation>零分辨率（聚合倍数，每边像元数）</translation>
    </message>
    <message>
      <source>KSim (Kappa Simulation)</source>
      <translation>KSim（模拟 Kappa）</translation>
    </message>
    <message>
      <source>KTransition (amounts of the transitions)</source>
      <translation>KTransition（转换数量）</translation>
    </message>
    <message>
      <source>KTransloc (places of the transitions)</source>
      <translation>KTransloc（转换位置）</translation>
    </message>
    <message>
      <source>AUC</source>
      <translation>AUC（ROC 曲线下面积）</translation>
    </message>
    <message>
      <source>candidate cells</source>
      <translation>候选像元</translation>
    </message>
    <message>
      <source>{0} cells per side</source>
      <translation>每边 {0} 个像元</translation>
    </message>
    <message>
      <source>coarse cells of {0} map units</source>
      <translation>粗像元边长 {0} 地图单位</translation>
    </message>
    <message>
      <source>Conversion</source>
      <translation>地类转换</translation>
    </message>
    <message>
      <source>FoM</source>
      <translation>品质因数（FoM）</translation>
    </message>
    <message>
      <source>gain cells</source>
      <translation>转入像元</translation>
    </message>
    <message>
      <source>hits (cells)</source>
      <translation>命中（像元）</translation>
    </message>
    <message>
      <source>KSim (van Vliet et al. 2011) is the agreement beyond what a random allocation of each class's simulated transitions would reach: 0 = no better than chance, 1 = perfect; it is KTransition (are the amounts of each transition right?) times KTransloc (are they in the right places?).</source>
      <translation>KSim（van Vliet et al. 2011）是超出“将各地类的模拟转换随机配置”所能达到的一致性：0 = 不优于随机，1 = 完全一致；它等于 KTransition（各类转换的数量是否正确？）乘以 KTransloc（转换的位置是否正确？）。</translation>
    </message>
    <message>
      <source>Difference between the simulated and the observed map at multiple resolutions</source>
      <translation>多分辨率下模拟图与观测图的差异</translation>
    </message>
    <message>
      <source>exchange</source>
      <translation>交换</translation>
    </message>
    <message>
      <source>aggregation factor (cells per side)</source>
      <translation>聚合倍数（每边像元数）</translation>
    </message>
    <message>
      <source>null resolution (factor {0})</source>
      <translation>零分辨率（倍数 {0}）</translation>
    </message>
    <message>
      <source>persistence map: overall difference</source>
      <translation>不变图：总差异</translation>
    </message>
    <message>
      <source>quantity</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>share of the assessed cells</source>
      <translation>占评价像元的比例</translation>
    </message>
    <message>
      <source>shift</source>
      <translation>偏移</translation>
    </message>
    <message>
      <source>Agreement at multiple resolutions</source>
      <translation>多分辨率一致性</translation>
    </message>
    <message>
      <source>The difference between the simulated and the observed map when both are aggregated to coarser cells of 1, 2, 4, ... cells per side: quantity (wrong amounts of the classes), exchange (cells swapped between two classes) and shift (the rest of the misplaced change); the line is the difference of the map of {0} left unchanged (the persistence map).</source>
      <translation>将模拟图与观测图同时聚合为每边 1、2、4、…… 个像元的粗像元后二者的差异：数量分歧（各地类数量错误）、交换分歧（两个地类之间互换的像元）和偏移分歧（其余位置错误的变化）；折线为 {0} 年地图保持不变（不变图）时的差异。</translation>
    </message>
    <message>
      <source>No null resolution: at every resolution up to the whole map, the map of {0} left unchanged agrees better with the observed map of {1} than the simulation does.</source>
      <translation>不存在零分辨率：直至整幅地图的每个分辨率上，保持不变的 {0} 年地图与 {1} 年观测图的一致性都高于模拟结果。</translation>
    </message>
    <message>
      <source>Null resolution: from aggregation factor {0} ({1}) on, the simulation agrees better with the observed map of {2} than the persistence map (the map of {3} unchanged) does.</source>
      <translation>零分辨率：从聚合倍数 {0}（{1}）起，模拟结果与 {2} 年观测图的一致性高于不变图（{3} 年地图保持不变）。</translation>
    </message>
    <message>
      <source>observed (cells)</source>
      <translation>观测（像元）</translation>
    </message>
    <message>
      <source>Skill of the development probabilities (AUC and TOC)</source>
      <translation>发展概率的预测能力（AUC 与 TOC）</translation>
    </message>
    <message>
      <source>In sample: with two maps the probabilities are scored against the gains of the interval they were trained on ({0} -&gt; {1}), which flatters them. For each class the candidates are the cells that were not that class in {0}; AUC 0.5 = no better than chance, 1 = every gain ranked above every other candidate.</source>
      <translation>样本内评价：只有两幅地图时，发展概率以其训练时段（{0} -&gt; {1}）的转入像元评价，结果偏乐观。各地类的候选像元为 {0} 年不属于该地类的像元；AUC 0.5 = 不优于随机，1 = 所有转入像元的概率均高于其他候选像元。</translation>
    </message>
    <message>
      <source>Out of sample: the probabilities of the validation's LEAS (trained on {0} -&gt; {1}) against the cells that changed class from {1} to {2}, which the forests never saw. For each class the candidates are the cells that were not that class in {1}; AUC 0.5 = no better than chance, 1 = every gain ranked above every other candidate.</source>
      <translation>样本外评价：验证用 LEAS（基于 {0} -&gt; {1} 训练）的发展概率，以随机森林从未见过的 {1} 至 {2} 年的地类变化像元评价。各地类的候选像元为 {1} 年不属于该地类的像元；AUC 0.5 = 不优于随机，1 = 所有转入像元的概率均高于其他候选像元。</translation>
    </message>
    <message>
      <source>simulated (cells)</source>
      <translation>模拟（像元）</translation>
    </message>
    <message>
      <source>TOC of the development probabilities against the gains {0} -&gt; {1} ({2})</source>
      <translation>发展概率对 {0} -&gt; {1} 转入像元的 TOC 曲线（{2}）</translation>
    </message>
    <message>
      <source>TOC</source>
      <translation>TOC 曲线</translation>
    </message>
    <message>
      <source>maximum</source>
      <translation>最大</translation>
    </message>
    <message>
      <source>minimum</source>
      <translation>最小</translation>
    </message>
    <message>
      <source>no gain</source>
      <translation>无转入</translation>
    </message>
    <message>
      <source>{0} {1}: AUC {2}</source>
      <translation>{0} {1}：AUC 值 {2}</translation>
    </message>
    <message>
      <source>uniform</source>
      <translation>均匀（随机）</translation>
    </message>
    <message>
      <source>hits + false alarms (cells)</source>
      <translation>命中 + 误报（像元）</translation>
    </message>
    <message>
      <source>Skill per conversion (the ten largest observed)</source>
      <translation>各地类转换的模拟能力（观测规模最大的十种）</translation>
    </message>
    <message>
      <source>Per from -&gt; to conversion: cells that made it in the observed and in the simulated map, hits (both), and the figure of merit of that conversion, hits / (observed + simulated - hits).</source>
      <translation>每种“转出 -&gt; 转入”转换：观测图和模拟图中发生该转换的像元数、命中像元数（二者均发生）及该转换的品质因数：命中 / (观测 + 模拟 - 命中)。</translation>
    </message>
    <message>
      <source>undefined</source>
      <translation>无定义</translation>
    </message>
    <message>
      <source>Score at multiple resolutions (null resolution)</source>
      <translation>多分辨率评价（零分辨率）</translation>
    </message>
    <message>
      <source>Also aggregate the maps by factors 1, 2, 4, ... up to the whole map and split the difference between SIMULATED and OBSERVED at each into quantity, exchange and shift (Pontius et al. 2008; diffeR's differenceMR), next to the difference of the persistence map (INITIAL): the report gains the null resolution, the finest factor at which the simulation beats the persistence map. Always on every valid cell, also with a sampling rate.</source>
      <translation>同时将地图按倍数 1、2、4、…… 聚合直至整幅地图，在每个倍数上将 SIMULATED 与 OBSERVED 的差异分解为数量、交换和偏移分歧（Pontius et al. 2008；diffeR 的 differenceMR），并与不变图（INITIAL）的差异比较：报告增加零分辨率，即模拟优于不变图的最细聚合倍数。始终基于全部有效像元，设置抽样率时亦然。</translation>
    </message>
    <message>
      <source>Skill per transition</source>
      <translation>各地类转换的模拟能力</translation>
    </message>
    <message>
      <source>CSV, one row per from -&gt; to conversion observed or simulated, largest observed first: observed, simulated, hit, missed and false-alarm cells and the FoM of that conversion; then per class its gains from any other class.</source>
      <translation>CSV，每种观测到或模拟出的“转出 -&gt; 转入”转换一行，按观测规模从大到小：观测、模拟、命中、漏报和误报像元数及该转换的 FoM；随后每个地类一行，为其从所有其他地类的转入。</translation>
    </message>
    <message>
      <source>Difference at multiple resolutions</source>
      <translation>多分辨率差异</translation>
    </message>
    <message>
      <source>CSV, one row per aggregation factor (1, 2, 4, ... cells per side, up to the whole map): quantity, exchange, shift and allocation difference and their sum (fractions of the assessed cells), the persistence map's difference, and whether the simulation beats it (needs MULTIRESOLUTION).</source>
      <translation>CSV，每个聚合倍数一行（每边 1、2、4、…… 个像元，直至整幅地图）：数量、交换、偏移和配置分歧及其总和（占评价像元的比例）、不变图的差异，以及模拟是否优于不变图（需启用 MULTIRESOLUTION）。</translation>
    </message>
    <message>
      <source>Chart of the differences at multiple resolutions</source>
      <translation>多分辨率差异图</translation>
    </message>
    <message>
      <source>PNG: stacked bars of quantity, exchange and shift per factor, the persistence map's difference as a line, the null resolution marked.</source>
      <translation>PNG：各聚合倍数的数量、交换和偏移分歧堆积柱状图，不变图的差异为折线，并标出零分辨率。</translation>
    </message>
    <message>
      <source>Land-use map at the next date (t2), for the TOC (optional)</source>
      <translation>下一时期土地利用图（t2，用于 TOC，可选）</translation>
    </message>
    <message>
      <source>A later map on the same grid: the skill of the probabilities (AUC and TOC per class, OUTPUT_AUC, OUTPUT_TOC) is then measured against the gains from LANDUSE_END to it, an interval the forests never saw (out of sample). Without it they are measured against the gains of the training interval (in sample, optimistic).</source>
      <translation>同一网格上更晚时期的地图：发展概率的预测能力（各地类的 AUC 和 TOC，OUTPUT_AUC、OUTPUT_TOC）将以 LANDUSE_END 至该图的转入像元评价，随机森林从未见过这一时段（样本外）。不提供时，以训练时段的转入像元评价（样本内，偏乐观）。</translation>
    </message>
    <message>
      <source>Skill of the probabilities per class (AUC)</source>
      <translation>各地类发展概率的预测能力（AUC）</translation>
    </message>
    <message>
      <source>CSV per class: whether it is in or out of sample, the interval, candidate cells (not the class at its start), gain cells, the area under the ROC curve of P_k for the gains (AUC: 0.5 = no skill, 1 = perfect) and the bound of its binning error.</source>
      <translation>CSV，每个地类一行：样本内或样本外、评价时段、候选像元数（时段初不属于该地类）、转入像元数、P_k 对转入像元的 ROC 曲线下面积（AUC：0.5 = 无预测能力，1 = 完美）及其分箱误差上限。</translation>
    </message>
    <message>
      <source>TOC curves (CSV)</source>
      <translation>TOC 曲线（CSV）</translation>
    </message>
    <message>
      <source>CSV per class and threshold (P_k &gt;= threshold diagnosed as gain): diagnosed cells, hits and false alarms, the Total Operating Characteristic of Pontius &amp; Si (2014).</source>
      <translation>CSV，每个地类和阈值一行（P_k &gt;= 阈值即判为转入）：判为转入的像元数、命中和误报，即 Pontius &amp; Si（2014）的总体操作特征（TOC）曲线。</translation>
    </message>
    <message>
      <source>TOC chart</source>
      <translation>TOC 曲线图</translation>
    </message>
    <message>
      <source>PNG: the TOC of every class with its maximum, minimum and uniform bounds.</source>
      <translation>PNG：各地类的 TOC 曲线及其最大、最小和均匀（随机）边界。</translation>
    </message>
    <message>
      <source>&lt;p&gt;Skill of the probabilities (optional): per class the AUC and the Total Operating Characteristic (TOC, Pontius &amp;amp; Si 2014) of P_k against the cells that became k, among those that could have (not k at the start of the interval): against the gains from LANDUSE_END to LANDUSE_NEXT when it is given (out of sample), else against the training interval (in sample). The chart draws each class's TOC with its maximum, minimum and uniform bounds.&lt;/p&gt;</source>
      <translation>&lt;p&gt;发展概率的预测能力（可选）：在可能变为 k 的像元（时段初不属于 k）中，以实际变为 k 的像元评价 P_k，给出各地类的 AUC 和总体操作特征曲线（TOC，Pontius &amp;amp; Si 2014）：提供 LANDUSE_NEXT 时以 LANDUSE_END 至 LANDUSE_NEXT 的转入像元评价（样本外），否则以训练时段评价（样本内）。图中绘出各地类的 TOC 曲线及其最大、最小和均匀（随机）边界。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>at least</source>
      <translation>至少</translation>
    </message>
    <message>
      <source>Bound</source>
      <translation>界限</translation>
    </message>
    <message>
      <source>at most</source>
      <translation>至多</translation>
    </message>
    <message>
      <source>Constraint</source>
      <translation>约束</translation>
    </message>
    <message>
      <source>These constraints bind: relaxing one by 1 km2 would raise the objective by its shadow price.</source>
      <translation>以下约束为紧约束：将其中一项放宽 1 km2，目标值将提高其影子价格。</translation>
    </message>
    <message>
      <source>{0} is interpolated between {1} and {2}.</source>
      <translation>{0} 年由 {1} 年与 {2} 年线性插值得到。</translation>
    </message>
    <message>
      <source>Demand: Markov chain of {0} -&gt; {1} under the scenario's rules.</source>
      <translation>需求：{0} -&gt; {1} 的马尔可夫链，按情景规则调整。</translation>
    </message>
    <message>
      <source>No constraint binds in {0}: the total area alone sets the optimum.</source>
      <translation>{0} 年无紧约束：最优解仅由总面积决定。</translation>
    </message>
    <message>
      <source>Demand: the class areas that store the most carbon at today's densities under the constraints of {0} (linear programme): {1} Tg C in {2}.</source>
      <translation>需求：在 {0} 的约束下、按当前碳密度储存碳最多的各类面积（线性规划）：{2} 年 {1} Tg C。</translation>
    </message>
    <message>
      <source>The objective weighs carbon and the value of {0} by {1} and {2}, each as a share of its own optimum.</source>
      <translation>目标函数以 {1} 和 {2} 的权重组合碳储量与 {0} 的价值，两者各按自身最优值归一化。</translation>
    </message>
    <message>
      <source>Demand: the table {0}.</source>
      <translation>需求：需求表 {0}。</translation>
    </message>
    <message>
      <source>Demand: linear trend of each class's area over the maps of {0} (PLUS's linear regression), rescaled to the valid area; R2 of the fits: {1}.</source>
      <translation>需求：各地类面积在 {0} 各期地图上的线性趋势（PLUS 的线性回归），按有效面积重新缩放；拟合 R2：{1}。</translation>
    </message>
    <message>
      <source>In {0} the trend of {1} falls below zero: no cell.</source>
      <translation>{0} 年 {1} 的趋势低于零：不分配栅格。</translation>
    </message>
    <message>
      <source>Shadow price per km2</source>
      <translation>每 km2 影子价格</translation>
    </message>
    <message>
      <source>Carbon-optimal scenario: weight of the value</source>
      <translation>碳最优情景：价值的权重</translation>
    </message>
    <message>
      <source>w of the objective of OPT with OPTIMIZATION_VALUES: (1 - w) carbon / best carbon + w value / best value, each best under the same constraints (0 = carbon only).</source>
      <translation>OPT 目标函数中的 w（需 OPTIMIZATION_VALUES）：(1 - w) 碳储量 / 最大碳储量 + w 价值 / 最大价值，两个最大值均在相同约束下求得（0 = 仅碳储量）。</translation>
    </message>
    <message>
      <source>Scenarios with their own demand (CSV year,code,cells or km2)</source>
      <translation>自带需求的情景（CSV year,code,cells 或 km2）</translation>
    </message>
    <message>
      <source>Demand tables from outside the Markov chain (a planning target, a system-dynamics or grey model); each file is one scenario named after the file, with every conversion the maps allow. Target years between the table's years are interpolated linearly; each year must cover every class of the last map and its whole valid area. See docs/demand.md.</source>
      <translation type="vanished">来自马尔可夫链之外的需求表（规划目标、系统动力学或灰色模型）；每个文件为一个以文件名命名的情景，允许地图中出现的所有转换。需求表年份之间的目标年份按线性插值；每一年须包含最后一期地图的所有地类并覆盖其全部有效面积。见 docs/demand.md。</translation>
    </message>
    <message>
      <source>Linear-trend scenario (TREND)</source>
      <translation>线性趋势情景（TREND）</translation>
    </message>
    <message>
      <source>Adds the scenario TREND: the demand of each class by a least-squares line through its area in every input map (PLUS's linear regression; needs three or more maps), rescaled to the valid area; R2 of each fit in the report.</source>
      <translation>增加情景 TREND：各地类的需求由其在每期输入地图中面积的最小二乘直线得到（PLUS 的线性回归；需要三期或以上地图），按有效面积重新缩放；报告给出每条拟合的 R2。</translation>
    </message>
    <message>
      <source>Carbon-optimal scenario: constraints (CSV class,lower,upper,unit)</source>
      <translation>碳最优情景：约束（CSV class,lower,upper,unit）</translation>
    </message>
    <message>
      <source>Adds the scenario OPT: the class areas that store the most carbon (today's densities) under these constraints, by linear programming, then allocated by CARS. One row per class code or role; unit km2, cells, share_of_today or share_of_ne (of the Markov NE demand). Example: resources/demand/optimization_cnlucc.csv; see docs/demand.md.</source>
      <translation>增加情景 OPT：在这些约束下按当前碳密度储存碳最多的各类面积，由线性规划求得，再由 CARS 分配。每行一个地类代码或地类角色；单位为 km2、cells、share_of_today（当前面积的比例）或 share_of_ne（马尔可夫 NE 需求的比例）。示例：resources/demand/optimization_cnlucc.csv；见 docs/demand.md。</translation>
    </message>
    <message>
      <source>Carbon-optimal scenario: value per km2 (CSV code,value)</source>
      <translation>碳最优情景：每 km2 价值（CSV code,value）</translation>
    </message>
    <message>
      <source>Optional second objective of OPT, e.g. economic output per km2 of each class (CSV code,value), weighted by OPTIMIZATION_VALUE_WEIGHT.</source>
      <translation>OPT 的可选第二目标，例如各地类每 km2 的经济产出（CSV code,value），按 OPTIMIZATION_VALUE_WEIGHT 加权。</translation>
    </message>
    <message>
      <source>Land demand (carbon optimum)</source>
      <translation>土地需求（碳最优）</translation>
    </message>
    <message>
      <source>&lt;p&gt;The class areas of each target year that store the most carbon under your constraints (the multi-objective or ecological-economic balance scenario): a linear programme, maximise sum_k D_k a x_k over the cells x_k of each class (D_k the total density of the POOLS table in Mg C/ha, a the cell area in ha), with every valid cell given a class and each row of the CONSTRAINTS table bounding one class or role (km2, cells, share of the end map's area or of the Markov natural-evolution demand of the year). Solved exactly by HiGHS (scipy), rounded to whole cells.&lt;/p&gt;&lt;p&gt;With a VALUES table the objective is (1 - w) carbon / best carbon + w value / best value. The log and OUTPUT_CONSTRAINTS say which bounds bind and their shadow prices (objective gained per km2 of relaxing them). Feed OUTPUT_DEMAND to landcarbon:cars like any demand table.&lt;/p&gt;</source>
      <translation>&lt;p&gt;在您的约束下储存碳最多的各目标年份地类面积（多目标或生态-经济平衡情景）：线性规划，在各地类栅格数 x_k 上最大化 sum_k D_k a x_k（D_k 为 POOLS 表中的总碳密度，Mg C/ha；a 为栅格面积，ha），每个有效栅格都须分配一个地类，CONSTRAINTS 表的每一行约束一个地类或地类角色（km2、栅格数、末期地图面积的比例或该年马尔可夫自然发展需求的比例）。由 HiGHS（scipy）精确求解，并取整为整栅格。&lt;/p&gt;&lt;p&gt;若给出 VALUES 表，目标为 (1 - w) 碳储量 / 最大碳储量 + w 价值 / 最大价值。日志和 OUTPUT_CONSTRAINTS 给出哪些界限为紧约束及其影子价格（每放宽 1 km2 目标值的增加量）。OUTPUT_DEMAND 可像任何需求表一样输入 landcarbon:cars。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'cannot all hold': the rows named conflict with each other and the total area; relax one of them.&lt;/li&gt;&lt;li&gt;'is no class of the map': a row names a code or role the end map does not hold.&lt;/li&gt;&lt;li&gt;'needs a projected CRS': reproject the maps (the carbon of a cell needs its area).&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;“cannot all hold”：所列各行彼此之间以及与总面积相冲突；请放宽其中一行。&lt;/li&gt;&lt;li&gt;“is no class of the map”：某行的地类代码或角色不在末期地图中。&lt;/li&gt;&lt;li&gt;“needs a projected CRS”：请将地图重投影（栅格的碳量需要其面积）。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Weight of the value (0 = carbon only)</source>
      <translation>价值的权重（0 = 仅碳储量）</translation>
    </message>
    <message>
      <source>w of the objective with a VALUES table: (1 - w) carbon / best carbon + w value / best value, each best under the same constraints (0 = carbon only).</source>
      <translation>给出 VALUES 表时目标函数中的 w：(1 - w) 碳储量 / 最大碳储量 + w 价值 / 最大价值，两个最大值均在相同约束下求得（0 = 仅碳储量）。</translation>
    </message>
    <message>
      <source>Carbon density of each class in Mg C/ha (InVEST format); the objective is the carbon stock at these densities.</source>
      <translation>各地类的碳密度，Mg C/ha（InVEST 格式）；目标为按这些密度计算的碳储量。</translation>
    </message>
    <message>
      <source>Constraints (CSV class,lower,upper,unit)</source>
      <translation>约束（CSV class,lower,upper,unit）</translation>
    </message>
    <message>
      <source>One row per class code or class role: lower and upper bound (empty = none) in km2, cells, share_of_today (of the end map) or share_of_ne (of the Markov natural-evolution demand of the year). Example: resources/demand/optimization_cnlucc.csv.</source>
      <translation>每行一个地类代码或地类角色：下界和上界（空 = 无），单位为 km2、cells、share_of_today（末期地图的比例）或 share_of_ne（该年马尔可夫自然发展需求的比例）。示例：resources/demand/optimization_cnlucc.csv。</translation>
    </message>
    <message>
      <source>Value per km2 (CSV code,value)</source>
      <translation>每 km2 价值（CSV code,value）</translation>
    </message>
    <message>
      <source>Optional second objective, e.g. economic output per km2 of each class, weighted by VALUE_WEIGHT.</source>
      <translation>可选的第二目标，例如各地类每 km2 的经济产出，按 VALUE_WEIGHT 加权。</translation>
    </message>
    <message>
      <source>Carbon-optimal land demand</source>
      <translation>碳最优土地需求</translation>
    </message>
    <message>
      <source>CSV year,code,cells,km2: whole cells per class and target year, summing to the valid cell count of the end map (what CARS allocates).</source>
      <translation>CSV year,code,cells,km2：各地类和目标年份的整栅格数，总和等于末期地图的有效栅格数（CARS 分配的对象）。</translation>
    </message>
    <message>
      <source>Constraints at the optimum</source>
      <translation>最优解处的约束</translation>
    </message>
    <message>
      <source>CSV, per year and bound: its value in km2, whether it binds, and its shadow price (objective gained per km2 by which it is relaxed).</source>
      <translation>CSV，按年份和界限：其 km2 值、是否为紧约束及其影子价格（每放宽 1 km2 目标值的增加量）。</translation>
    </message>
    <message>
      <source>Carbon change per zone, {0}, {1} -&gt; {2} (Mg C/ha)</source>
      <translation>各分区碳储量变化，{0}，{1} -&gt; {2}（Mg C/ha）</translation>
    </message>
    <message>
      <source>Zone</source>
      <translation>分区</translation>
    </message>
    <message>
      <source>Scenario {0} by zone, {1}</source>
      <translation>情景 {0} 分区结果，{1} 年</translation>
    </message>
    <message>
      <source>Carbon stock (Tg C, {0})</source>
      <translation>碳储量（Tg C，{0}）</translation>
    </message>
    <message>
      <source>Change (Tg C, {0})</source>
      <translation>变化量（Tg C，{0}）</translation>
    </message>
    <message>
      <source>A separate demand per zone</source>
      <translation>按分区分别计算需求</translation>
    </message>
    <message>
      <source>With ZONES or ZONES_RASTER: each zone gets its own demand (its Markov chain, trend or carbon optimum, from its part of the maps) and CARS allocates it inside the zone, so no cell changes class on behalf of another zone (as FUTURES's subregions); cells outside every zone keep their class. Demand tables apply to the whole map and cannot be split: with DEMAND_BY_ZONE they are refused.</source>
      <translation type="vanished">需给出 ZONES 或 ZONES_RASTER：每个分区得到自己的需求（由其自身部分地图计算的马尔可夫链、趋势或碳最优），并由 CARS 在该分区内分配，因此任何栅格都不会替其他分区改变地类（同 FUTURES 的子区域）；不属于任何分区的栅格保持原地类。需求表针对整幅地图，无法拆分：启用 DEMAND_BY_ZONE 时将被拒绝。</translation>
    </message>
    <message>
      <source>Demand by zone: each of the {0} zones has its own demand ({1}) from its part of the maps, and CARS allocated it inside the zone.</source>
      <translation>按分区计算需求：{0} 个分区各自根据其部分地图得到自己的需求（{1}），并由 CARS 在分区内分配。</translation>
    </message>
    <message>
      <source>Carbon change (Tg C)</source>
      <translation>碳储量变化（Tg C）</translation>
    </message>
    <message>
      <source>Differences are against scenario {0}; the diversity map counts the classes a cell takes across the {1} scenarios (1 = all agree).</source>
      <translation>差异均相对于情景 {0}；多样性图统计每个栅格在 {1} 个情景中出现的不同地类数（1 = 所有情景一致）。</translation>
    </message>
    <message>
      <source>Carbon stock by scenario, pathway and year (Tg C)</source>
      <translation>各情景、路径和年份的碳储量（Tg C）</translation>
    </message>
    <message>
      <source>Scenarios compared</source>
      <translation>情景对比</translation>
    </message>
    <message>
      <source>Value of the carbon change {0} -&gt; {1} at {2}</source>
      <translation>{0} -&gt; {1} 碳储量变化的价值（{2}）</translation>
    </message>
    <message>
      <source>Carbon, {0} minus {1}, {2}, {3} (Mg C/ha)</source>
      <translation>碳储量，{0} 减 {1}，{2}，{3}（Mg C/ha）</translation>
    </message>
    <message>
      <source>Land use of {0} where it differs from {1}, {2}</source>
      <translation>{0} 与 {1} 不同之处的土地利用，{2}</translation>
    </message>
    <message>
      <source>Classes per cell across the scenarios, {0}</source>
      <translation>各情景中每个栅格的地类数，{0}</translation>
    </message>
    <message>
      <source>Rank</source>
      <translation>排名</translation>
    </message>
    <message>
      <source>Scenarios ranked by carbon change in {0}</source>
      <translation>{0} 年各情景按碳储量变化排序</translation>
    </message>
    <message>
      <source>Value ({0})</source>
      <translation>价值（{0}）</translation>
    </message>
    <message>
      <source>Geographical detector (why carbon is where it is)</source>
      <translation>地理探测器（碳储量空间分异的成因）</translation>
    </message>
    <message>
      <source>&lt;p&gt;How much of the spatial pattern of Y (e.g. carbon stock or its change) each factor explains: the power of determinant q = 1 - sum_h N_h sigma_h^2 / (N sigma^2) of the strata h of the factor (Wang et al. 2010), with its noncentral F test; the interaction detector (q of two factors overlaid: weakening, enhancement or independence), the risk detector (mean Y per stratum, Welch's t-test between strata) and the ecological detector (F test of two factors' within-strata variances).&lt;/p&gt;&lt;p&gt;Continuous factors are discretised by OPGD (Song et al. 2020): equal, natural breaks, quantile, geometric and standard-deviation classes with 3 to MAX_CLASSES classes, the one of largest q kept and reported. Categorical factors (e.g. the land-use map) are used as they are. The rasters are sampled on a regular grid (SAMPLE_SHARE) and read in strips.&lt;/p&gt;</source>
      <translation>&lt;p&gt;各因子对 Y（如碳储量或其变化）空间格局的解释力：因子分层 h 的决定力 q = 1 - sum_h N_h sigma_h^2 / (N sigma^2)（Wang 等 2010）及其非中心 F 检验；交互作用探测（两因子叠加后的 q：减弱、增强或独立）、风险区探测（各分层 Y 的均值，分层间 Welch t 检验）和生态探测（两因子层内方差的 F 检验）。&lt;/p&gt;&lt;p&gt;连续因子按 OPGD（Song 等 2020）离散化：等间距、自然断点、分位数、几何间隔和标准差分类，类别数 3 至 MAX_CLASSES，保留并报告 q 最大者。分类因子（如土地利用图）直接使用。栅格按规则网格抽样（SAMPLE_SHARE）并分条带读取。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;ul&gt;&lt;li&gt;'Only N sampled cells': raise SAMPLE_SHARE or check that Y and the factors overlap.&lt;/li&gt;&lt;li&gt;'not on the same grid': align the rasters first (landcarbon:preparedrivers, Raster &gt; Align Rasters).&lt;/li&gt;&lt;li&gt;'integer codes': give a continuous raster as FACTORS, not CATEGORICAL.&lt;/li&gt;&lt;/ul&gt;</source>
      <translation>&lt;ul&gt;&lt;li&gt;“Only N sampled cells”：请提高 SAMPLE_SHARE，或检查 Y 与各因子是否重叠。&lt;/li&gt;&lt;li&gt;“not on the same grid”：请先对齐栅格（landcarbon:preparedrivers，栅格 &gt; 对齐栅格）。&lt;/li&gt;&lt;li&gt;“integer codes”：连续栅格请作为 FACTORS，而非 CATEGORICAL。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
      <source>Share of cells sampled (0 = automatic)</source>
      <translation>抽样栅格比例（0 = 自动）</translation>
    </message>
    <message>
      <source>A regular sample of this share of the cells (every s-th row and column, s = 1 / sqrt(share)); 1 = every cell. 0: about 1,000,000 cells, or every cell of a smaller map.</source>
      <translation>按此比例对栅格规则抽样（每隔 s 行和 s 列，s = 1 / sqrt(比例)）；1 = 全部栅格。0：约 1,000,000 个栅格，较小的地图则全部栅格。</translation>
    </message>
    <message>
      <source>Most classes of a continuous factor</source>
      <translation>连续因子的最大类别数</translation>
    </message>
    <message>
      <source>OPGD tries equal, natural-breaks, quantile, geometric and standard-deviation classes with 3 to this many classes for every continuous factor and keeps the discretisation of largest q.</source>
      <translation>OPGD 对每个连续因子尝试等间距、自然断点、分位数、几何间隔和标准差分类，类别数从 3 到此值，保留 q 最大的离散化方案。</translation>
    </message>
    <message>
      <source>The risk and ecological detectors call a difference significant when p &lt; ALPHA.</source>
      <translation>风险区探测和生态探测在 p &lt; ALPHA 时判定差异显著。</translation>
    </message>
    <message>
      <source>Y: the variable to explain (e.g. carbon stock, Mg C/ha)</source>
      <translation>Y：被解释变量（如碳储量，Mg C/ha）</translation>
    </message>
    <message>
      <source>A numeric raster, e.g. a carbon stock map or a carbon change map.</source>
      <translation>数值栅格，如碳储量图或碳储量变化图。</translation>
    </message>
    <message>
      <source>Continuous factors (rasters; every band a factor)</source>
      <translation>连续因子（栅格；每个波段为一个因子）</translation>
    </message>
    <message>
      <source>Drivers on Y's grid, e.g. elevation, slope, distances, precipitation; each is discretised by OPGD (the method and number of classes of largest q).</source>
      <translation>与 Y 同网格的驱动因子，如高程、坡度、距离、降水；每个因子由 OPGD 离散化（q 最大的方法和类别数）。</translation>
    </message>
    <message>
      <source>Categorical factors (integer rasters, e.g. the land-use map)</source>
      <translation>分类因子（整数栅格，如土地利用图）</translation>
    </message>
    <message>
      <source>Factors whose integer values are the strata already (land use, soil type, zones); not discretised.</source>
      <translation>其整数值即为分层的因子（土地利用、土壤类型、分区）；不再离散化。</translation>
    </message>
    <message>
      <source>Factor detector</source>
      <translation>因子探测</translation>
    </message>
    <message>
      <source>CSV per factor: q, F, p, strata, the discretisation chosen (method, classes, breaks) and the sampled cells.</source>
      <translation>CSV，每个因子：q、F、p、分层数、所选离散化方案（方法、类别数、断点）及抽样栅格数。</translation>
    </message>
    <message>
      <source>Interaction detector</source>
      <translation>交互作用探测</translation>
    </message>
    <message>
      <source>CSV per pair of factors: q of each, q of the two overlaid and the interaction type (nonlinear or univariate weakening, bivariate or nonlinear enhancement, independent).</source>
      <translation>CSV，每对因子：各自的 q、两者叠加后的 q 及交互作用类型（非线性或单因子减弱、双因子或非线性增强、独立）。</translation>
    </message>
    <message>
      <source>Risk detector</source>
      <translation>风险区探测</translation>
    </message>
    <message>
      <source>CSV per factor and stratum: cells and mean Y; then per pair of strata Welch's t, p and whether their means differ significantly.</source>
      <translation>CSV，每个因子和分层：栅格数和 Y 均值；然后每对分层的 Welch t、p 及其均值差异是否显著。</translation>
    </message>
    <message>
      <source>Ecological detector</source>
      <translation>生态探测</translation>
    </message>
    <message>
      <source>CSV per pair of factors: F of their within-strata variances, p, significant.</source>
      <translation>CSV，每对因子：层内方差的 F、p、是否显著。</translation>
    </message>
    <message>
      <source>q chart</source>
      <translation>q 值图</translation>
    </message>
    <message>
      <source>PNG: q of every factor, largest first.</source>
      <translation>PNG：各因子的 q，从大到小。</translation>
    </message>
    <message>
      <source>Interaction heat map</source>
      <translation>交互作用热图</translation>
    </message>
    <message>
      <source>PNG: q of every pair of factors overlaid (diagonal: q of each).</source>
      <translation>PNG：每对因子叠加后的 q（对角线：各因子自身的 q）。</translation>
    </message>
    <message>
      <source>categorical</source>
      <translation>分类</translation>
    </message>
    <message>
      <source>Discretisation</source>
      <translation>离散化</translation>
    </message>
    <message>
      <source>Carbon change of scenario {0}, {1} -&gt; {2}</source>
      <translation>情景 {0} 的碳储量变化，{1} -&gt; {2}</translation>
    </message>
    <message>
      <source>q: the share of the spatial variance of carbon each factor explains (0-1), p: its noncentral F test; continuous drivers discretised by OPGD (the method and number of classes of largest q), the land-use map taken as it is. The heat map shows q of every pair of factors overlaid.</source>
      <translation>q：各因子解释的碳储量空间方差比例（0-1）；p：其非中心 F 检验；连续驱动因子按 OPGD 离散化（q 最大的方法和类别数），土地利用图按原类别使用。热图给出每对因子叠加后的 q。</translation>
    </message>
    <message>
      <source>Carbon stock of {0}</source>
      <translation>{0} 年碳储量</translation>
    </message>
    <message>
      <source>Why carbon is where it is (geographical detector)</source>
      <translation>碳储量空间分异的成因（地理探测器）</translation>
    </message>
    <message>
      <source>Factor</source>
      <translation>因子</translation>
    </message>
    <message>
      <source>q of two factors overlaid</source>
      <translation>两因子叠加后的 q</translation>
    </message>
    <message>
      <source>q of each factor</source>
      <translation>各因子的 q</translation>
    </message>
    <message>
      <source>Classes</source>
      <translation>类别数</translation>
    </message>
    <message>
      <source>With ZONES or ZONES_RASTER: each zone gets its own demand (its Markov chain, trend or carbon optimum, from its part of the maps) and CARS allocates it inside the zone, so no cell changes class on behalf of another zone (as FUTURES's subregions); cells outside every zone keep their class. A demand table needs a column zone (each zone's name, or its code for a zone raster).</source>
      <translation>需给出 ZONES 或 ZONES_RASTER：每个分区得到自己的需求（由其自身部分地图计算的马尔可夫链、趋势或碳最优），并由 CARS 在该分区内分配，因此任何栅格都不会替其他分区改变地类（同 FUTURES 的子区域）；不属于任何分区的栅格保持原地类。需求表须有 zone 列（各分区的名称，分区栅格则为其代码）。</translation>
    </message>
    <message>
      <source>Demand tables from outside the Markov chain (a planning target, a system-dynamics or grey model); each file is one scenario named after the file, with every conversion the maps allow. Target years between the table's years are interpolated linearly; each year must cover every class of the last map and its whole valid area (with DEMAND_BY_ZONE: a column zone, each zone's rows its own part). See docs/demand.md.</source>
      <translation>来自马尔可夫链之外的需求表（规划目标、系统动力学或灰色模型）；每个文件为一个以文件名命名的情景，允许地图中出现的所有转换。需求表年份之间的目标年份按线性插值；每一年须包含最后一期地图的所有地类并覆盖其全部有效面积（启用 DEMAND_BY_ZONE 时：需有 zone 列，各分区的行对应其自身部分）。见 docs/demand.md。</translation>
    </message>
    <message>
      <source>CARS proximity decay length (cells)</source>
      <translation>CARS 邻近衰减长度（栅格数）</translation>
    </message>
    <message>
      <source>0 (default, PLUS): CARS uses the LEAS probabilities as they are. L &gt; 0: CARS gets P_k x exp(-d / L), d the distance in cells to the nearest cell of class k in the map it starts from, so among cells LEAS ranks alike those nearer the existing patches win (docs/cars.md, 'Proximity decay'). The calibration sets 3 with the landscape drivers, and tries 0, 1 and 3 when it calibrates out of sample.</source>
      <translation>0（默认，同 PLUS）：CARS 直接使用 LEAS 的发展概率。L &gt; 0：CARS 使用 P_k x exp(-d / L)，d 为到起始地图中最近的 k 类栅格的距离（栅格数），因此在 LEAS 评分相近的栅格中，离现有斑块更近者胜出（docs/cars.md，“Proximity decay”）。使用景观驱动因子时校准将其设为 3；样本外校准时会尝试 0、1 和 3。</translation>
    </message>
    <message>
      <source>&lt;p&gt;Chooses the LEAS and CARS settings that simulate a past interval best, by the figure of merit (FoM) against the observed map, next to the random and nearest-patch baselines. Give the maps BEFORE the one you will validate on: with three or more maps LEAS learns from the interval before the last one and CARS simulates the last one (out of sample); with two, LEAS learns from the interval it simulates (in sample), and the patch threshold, decay share and proximity decay are then not searched on their own: there P is sharper than on any later interval, which would bias their scores.&lt;/p&gt;&lt;p&gt;It tries one setting at a time (distance-to-class drivers, LEAS training cells, neighbourhood weights, patch threshold, seed percentage, expansion coefficient, decay share, neighbourhood size, LEAS leaf size), every value with the others fixed, each over two CARS seeds, keeps a value that beats the current one by more than the seed noise, and repeats until nothing changes or the time budget ends. Outputs: trials.csv, sensitivity.csv and .png (FoM per tried value of each setting) and chosen_settings.json; use the chosen values in landcarbon:cars and landcarbon:leas, or tick CALIBRATE in the whole study.&lt;/p&gt;</source>
      <translation>&lt;p&gt;按品质因数（FoM，与观测图比较）选择对过去某一时段模拟效果最好的 LEAS 与 CARS 参数，并与随机分配和最近斑块两个基线并列给出。请只输入待验证地图之前的地图：有三幅及以上地图时，LEAS 从倒数第二个时段学习，CARS 模拟最后一个时段（样本外）；只有两幅时，LEAS 从其模拟的同一时段学习（样本内），此时斑块生成阈值、衰减比例和邻近衰减不再单独搜索：样本内的发展概率比之后任何时段都更“尖锐”，会使它们的得分产生偏差。&lt;/p&gt;&lt;p&gt;每次只改一个参数（到类别距离驱动因子、LEAS 训练样本、邻域权重、斑块生成阈值、种子比例、扩张系数、衰减比例、邻域大小、LEAS 叶节点样本数），在其他参数固定时逐一尝试其每个取值，每个取值用两个 CARS 随机种子评估；仅当新取值优于当前取值且超出种子噪声时才采用，如此反复，直到没有变化或时间预算用完。输出：trials.csv、sensitivity.csv 与 .png（每个参数各取值的 FoM）以及 chosen_settings.json；可将所选参数用于 landcarbon:cars 和 landcarbon:leas，或在整体研究中勾选 CALIBRATE。&lt;/p&gt;</translation>
    </message>
  </context>
</TS>
