/**
 * doctor's checks: pure functions from what a family holds to findings. Each names its check, the
 * label sets affected, the numbers that show it, and the fix in words a user can act on. One file per
 * family of checks; this list is the order findings are reported in.
 */
import type { FamilyData, Finding } from '../types.js';
import { checkAnnotations } from './annotations.js';
import { checkCountAndSum, checkInfOnly, checkInfShare, checkNoInfBucket, checkOtelDefaultBuckets } from './buckets.js';
import { checkCardinality } from './cardinality.js';
import { checkLayoutMismatch, checkLeSpelling } from './layout.js';
import { checkClassicAndNative, checkNativeCount } from './native.js';
import { type CheckOptions, checkQuantileError } from './quantiles.js';
import { checkDuplicatedUnitSuffix, checkUnitScale } from './units.js';

export { checkAnnotations } from './annotations.js';
export {
  checkCountAndSum,
  checkInfOnly,
  checkInfShare,
  checkNoInfBucket,
  checkOtelDefaultBuckets,
  INF_SHARE_LIMIT,
} from './buckets.js';
export { CARDINALITY_INFO_SERIES, checkCardinality, classicSeriesCount } from './cardinality.js';
export { checkLayoutMismatch, checkLeSpelling } from './layout.js';
export { checkClassicAndNative, checkNativeCount } from './native.js';
export {
  AUDITED_QUANTILES,
  bucketRelativeError,
  type CheckOptions,
  checkQuantileError,
  nativeRankedError,
  nativeScale,
} from './quantiles.js';
export { finiteBounds } from './series.js';
export { checkDuplicatedUnitSuffix, checkUnitScale } from './units.js';

/** Every check, in the order findings are listed for a family. */
export function runChecks(family: FamilyData, options: CheckOptions): Finding[] {
  return [
    checkInfOnly(family),
    checkNoInfBucket(family),
    checkOtelDefaultBuckets(family),
    checkNativeCount(family),
    checkInfShare(family),
    checkUnitScale(family),
    checkQuantileError(family, options),
    checkCountAndSum(family),
    checkDuplicatedUnitSuffix(family),
    checkLayoutMismatch(family),
    checkLeSpelling(family),
    checkAnnotations(family),
    checkClassicAndNative(family),
    checkCardinality(family),
  ].flat();
}
