import { Box, Typography, useTheme } from '@mui/material';
import { EChart, useChartsTheme } from '@perses-dev/components';
import { type FormatOptions, formatValue, type TimeSeriesData } from '@perses-dev/core';
import type { PanelPlugin, PanelProps } from '@perses-dev/plugin-system';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import { CustomChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { type ReactElement, useMemo } from 'react';
import { classicCells, type HeatmapCell, type LogBase, nativeCells } from './cells';

use([CustomChart, GridComponent, TooltipComponent, VisualMapComponent]);

/** The spec of both heatmap panels (see /work/helpers/notes/perses-contract.md, section 3). */
export interface HeatmapSpec {
  /** Unit of the value axis (the histogram's observations), e.g. {unit: 'bytes'}. */
  yAxisFormat?: FormatOptions;
  /** Unit of the colour scale (the per-bucket value the query gives). */
  countFormat?: FormatOptions;
  logBase?: LogBase;
}

/** Sequential (light to dark) so that "more" reads as darker on the white page. */
const COLOURS = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];

type Representation = 'classic' | 'native';

function cellsOf(representation: Representation, data: TimeSeriesData[], logBase: LogBase) {
  const series = data.flatMap((one) => one.series);
  const stepMs = data.find((one) => one.stepMs !== undefined)?.stepMs;
  if (representation === 'classic') return { cells: classicCells(series, logBase, stepMs), leftOut: 0 };
  return nativeCells(series, stepMs);
}

function HeatmapPanelComponent(
  props: PanelProps<HeatmapSpec, TimeSeriesData> & { representation: Representation },
): ReactElement {
  const { spec, queryResults, contentDimensions, representation } = props;
  const chartsTheme = useChartsTheme();
  const theme = useTheme();
  const logBase: LogBase = spec.logBase ?? (representation === 'native' ? 2 : 10);
  const data = useMemo(() => queryResults.map((result) => result.data), [queryResults]);
  const { cells, leftOut } = useMemo(() => cellsOf(representation, data, logBase), [representation, data, logBase]);
  const timeRange = data.find((one) => one.timeRange !== undefined)?.timeRange;

  const option = useMemo(() => {
    const maxValue = cells.reduce((max, cell) => Math.max(max, cell.value), 0);
    const lower = cells.reduce((min, cell) => Math.min(min, cell.lower), Number.POSITIVE_INFINITY);
    const upper = cells.reduce((max, cell) => Math.max(max, cell.upper), 0);
    const format = (value: number) => formatValue(value, spec.yAxisFormat ?? { unit: 'decimal' });
    const formatCount = (value: number) => formatValue(value, spec.countFormat ?? { unit: 'decimal' });
    return {
      animation: false,
      grid: { left: 70, right: 70, top: 10, bottom: 30 },
      tooltip: {
        appendToBody: true,
        formatter: (params: { value: number[] }) => {
          const [start = 0, end = 0, low = 0, high = 0, value = 0, openTop = 0] = params.value;
          const range = openTop ? `> ${format(low)}` : `(${format(low)}, ${format(high)}]`;
          return `${new Date(start).toLocaleTimeString()} - ${new Date(end).toLocaleTimeString()}<br/>${range}: <b>${formatCount(value)}</b>`;
        },
      },
      xAxis: {
        type: 'time',
        min: timeRange ? timeRange.start.getTime() : undefined,
        max: timeRange ? timeRange.end.getTime() : undefined,
        axisLabel: { hideOverlap: true },
      },
      yAxis: {
        type: 'log',
        logBase,
        min: Number.isFinite(lower) ? lower : undefined,
        max: upper > 0 ? upper : undefined,
        axisLabel: { formatter: (value: number) => format(value) },
        splitLine: { show: false },
      },
      visualMap: {
        type: 'continuous',
        dimension: 4,
        min: 0,
        max: maxValue > 0 ? maxValue : 1,
        right: 0,
        top: 'middle',
        itemHeight: Math.max(40, (contentDimensions?.height ?? 200) - 80),
        itemWidth: 10,
        calculable: false,
        inRange: { color: COLOURS },
        formatter: (value: number) => formatCount(value),
        textStyle: { color: theme.palette.text.primary },
      },
      series: [
        {
          type: 'custom',
          encode: { x: [0, 1], y: [2, 3] },
          data: cells.map((cell: HeatmapCell) => [
            cell.start,
            cell.end,
            cell.lower,
            cell.upper,
            cell.value,
            cell.openTop ? 1 : 0,
          ]),
          renderItem: (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
            const topLeft = api.coord([api.value(0), api.value(3)]);
            const bottomRight = api.coord([api.value(1), api.value(2)]);
            const [x0 = 0, y0 = 0] = topLeft;
            const [x1 = 0, y1 = 0] = bottomRight;
            return {
              type: 'rect',
              shape: { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) },
              style: { fill: api.visual('color') },
            };
          },
        },
      ],
    };
  }, [cells, timeRange, logBase, spec.yAxisFormat, spec.countFormat, contentDimensions?.height, theme]);

  if (cells.length === 0) {
    return (
      <Box sx={{ p: 2 }}>
        <Typography>No data</Typography>
      </Box>
    );
  }
  return (
    <Box sx={{ width: contentDimensions?.width, height: contentDimensions?.height, position: 'relative' }}>
      <EChart
        sx={{ width: contentDimensions?.width, height: contentDimensions?.height }}
        option={option}
        theme={chartsTheme.echartsTheme}
      />
      {leftOut > 0 ? (
        <Typography variant="caption" sx={{ position: 'absolute', left: 8, bottom: 0 }}>
          {leftOut} zero or negative bucket values not drawn (log axis)
        </Typography>
      ) : null}
    </Box>
  );
}

type HeatmapPanelProps = PanelProps<HeatmapSpec, TimeSeriesData>;

function ClassicHeatmapPanel(props: HeatmapPanelProps): ReactElement {
  return <HeatmapPanelComponent {...props} representation="classic" />;
}

function NativeHeatmapPanel(props: HeatmapPanelProps): ReactElement {
  return <HeatmapPanelComponent {...props} representation="native" />;
}

/** Classic `le` buckets, de-cumulated, on a log value axis. */
export const ClassicHeatmapChart: PanelPlugin<HeatmapSpec, HeatmapPanelProps> = {
  PanelComponent: ClassicHeatmapPanel,
  supportedQueryTypes: ['TimeSeriesQuery'],
  createInitialOptions: () => ({}),
};

/** Native histogram buckets at their exponential bounds, on a log value axis. */
export const NativeHeatmapChart: PanelPlugin<HeatmapSpec, HeatmapPanelProps> = {
  PanelComponent: NativeHeatmapPanel,
  supportedQueryTypes: ['TimeSeriesQuery'],
  createInitialOptions: () => ({}),
};
