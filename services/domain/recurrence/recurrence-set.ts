import {
  civilDate,
  dayNumber,
  daysInMonth,
  daysInYear,
  isLeapYear,
  SECONDS_PER_DAY,
  weekday,
} from "./civil-calendar.js";
import { FREQUENCIES, type RRule, type WeekdayNum } from "./rrule-parser.js";

/** One instance of the recurrence set: its wall-clock time and 1-based position (DTSTART = 1). */
export interface Instance {
  /** Local seconds (see civil-calendar.ts). */
  readonly local: number;
  readonly position: number;
}

/** Where {@link RecurrenceSet.next} looks: strictly after an instance and after an instant. */
export interface NextQuery {
  /** An instance of the set (its position counts from DTSTART = 1). */
  readonly after: Instance;
  /** Only instances whose instant (epoch seconds) is strictly later qualify. */
  readonly afterInstant: number;
  /** Wall-clock times excluded from the set (EXDATE); they keep their positions. */
  readonly excluded?: ReadonlySet<number>;
}

/** First day (local seconds) past the calendar range a task can be due in (year 9999). */
export const RANGE_END_LOCAL = dayNumber(10_000, 1, 1) * SECONDS_PER_DAY;

/** The series' zone, as the expansion needs it (ZoneClock; the identity for zone-free checks). */
export interface WallClock {
  /** Epoch seconds of a wall-clock time. */
  toInstant(local: number): number;
  /** A wall-clock time at or before which every wall-clock time maps to an instant ≤ `instant`. */
  localBefore(instant: number): number;
}

/** A Gregorian 400-year cycle (146 097 days, exactly 20 871 weeks) in each FREQ unit. */
const CYCLE = { YEARLY: 400, MONTHLY: 4800, WEEKLY: 20_871, DAILY: 146_097 } as const;

/**
 * Day masks by day filters and kind of year, shared by all sets: a mask depends on nothing
 * else, and building one (a year of days) costs more than the rest of a typical call.
 */
const MASKS = new Map<string, Omit<YearInfo, "first">>();

interface YearInfo {
  /** Day number of January 1st. */
  readonly first: number;
  /** 1 where the day (index = day of year - 1) passes the rule's day filters. */
  readonly mask: Uint8Array;
  /** Days passing per month (index 1–12). */
  readonly perMonth: readonly number[];
  readonly total: number;
}

type Block = readonly [firstDay: number, endDay: number];

/**
 * The recurrence set of an RRULE with a start (DTSTART) on the wall clock, by RFC 5545
 * 3.3.10 and 3.8.5.3: DTSTART is always the first instance; instances before it are not
 * part of the set. Expansion works on wall-clock time only (time zones are the caller's).
 *
 * Cost stays bounded for any rule: the set is cut into blocks (a FREQ×INTERVAL period, or a
 * day for sub-daily frequencies) whose instance count is computed without expanding them
 * (day filters are precomputed per kind of year), blocks that lie wholly before the point
 * of interest are only counted, and a rule that has produced nothing for a whole
 * 400-year calendar cycle (with its INTERVAL phase) never will.
 */
export class RecurrenceSet {
  private readonly freqIndex: number;
  private readonly subDaily: boolean;
  private readonly startDay: number;
  private readonly startYear: number;
  private readonly startMonth: number;
  private readonly startWeek: number;
  private readonly byMonth?: ReadonlySet<number>;
  private readonly byWeekNo?: ReadonlySet<number>;
  private readonly byYearDay?: ReadonlySet<number>;
  private readonly byMonthDay?: ReadonlySet<number>;
  private readonly byDay?: readonly WeekdayNum[];
  private readonly byHour?: ReadonlySet<number>;
  private readonly byMinute?: ReadonlySet<number>;
  private readonly bySecond?: ReadonlySet<number>;
  /** Coarse frequencies: seconds of the day of each instance on a passing day. */
  private readonly times: readonly number[];
  /** Sub-daily frequencies: seconds within one period of its instances (after BYSETPOS). */
  private readonly unitOffsets: readonly number[];
  private readonly unitSeconds: number;
  private readonly unitsPerDay: number;
  private readonly startUnit: number;
  /** Blocks after which a rule that produced nothing never will, if small enough to matter. */
  private readonly cycleBlocks: number;
  /** True when no instance can follow DTSTART, whatever the INTERVAL phase. */
  private readonly dead: boolean;
  private readonly years = new Map<number, YearInfo>();
  private lastYear?: YearInfo;
  /** Identifies the day filters (after DTSTART defaults) in the shared mask cache. */
  private readonly filterKey: string;
  private readonly phaseCounts = new Map<number, number>();
  private readonly setPosCounts = new Map<number, number>();

  constructor(
    readonly rule: RRule,
    /** DTSTART in local seconds. */
    readonly start: number,
  ) {
    this.freqIndex = FREQUENCIES.indexOf(rule.freq);
    this.subDaily = this.freqIndex < FREQUENCIES.indexOf("DAILY");
    this.startDay = Math.floor(start / SECONDS_PER_DAY);
    const startSecond = start - this.startDay * SECONDS_PER_DAY;
    const [h0, m0, s0] = [
      Math.floor(startSecond / 3600),
      Math.floor(startSecond / 60) % 60,
      startSecond % 60,
    ];
    const { year, month, day } = civilDate(this.startDay);
    this.startYear = year;
    this.startMonth = year * 12 + month - 1;
    this.startWeek = this.startDay - ((weekday(this.startDay) - rule.wkst + 7) % 7);

    // RFC 5545 3.3.10: what the rule leaves open comes from DTSTART.
    let { byMonth, byMonthDay, byDay } = rule;
    const dayOpen = !rule.byWeekNo && !rule.byYearDay && !byMonthDay && !byDay;
    if (dayOpen && rule.freq === "YEARLY") {
      byMonth ??= [month];
      byMonthDay = [day];
    } else if (dayOpen && rule.freq === "MONTHLY") byMonthDay = [day];
    else if (dayOpen && rule.freq === "WEEKLY") byDay = [{ weekday: weekday(this.startDay) }];
    const set = (v?: readonly number[]) => (v ? new Set(v) : undefined);
    this.byMonth = set(byMonth);
    this.byWeekNo = set(rule.byWeekNo);
    this.byYearDay = set(rule.byYearDay);
    this.byMonthDay = set(byMonthDay);
    this.byDay = byDay;
    this.filterKey = JSON.stringify([
      rule.freq,
      rule.wkst,
      byMonth,
      rule.byWeekNo,
      rule.byYearDay,
      byMonthDay,
      byDay,
    ]);
    this.byHour = set(rule.byHour);
    this.byMinute = set(rule.byMinute);
    this.bySecond = set(rule.bySecond);

    const seconds = (rule.bySecond ?? [s0]).filter((s) => s < 60); // POSIX time has no leap second
    const minutes = rule.byMinute ?? [m0];
    const hours = rule.byHour ?? [h0];
    const product = (a: readonly number[], b: readonly number[], scale: number) =>
      a.flatMap((x) => b.map((y) => x * scale + y));
    this.times = this.subDaily ? [] : product(product(hours, minutes, 60), seconds, 60);
    const offsets =
      rule.freq === "HOURLY"
        ? product(minutes, seconds, 60)
        : rule.freq === "MINUTELY"
          ? seconds
          : [0];
    this.unitOffsets = this.selectSetPos(offsets);
    this.unitSeconds = [1, 60, 3600][this.freqIndex] ?? SECONDS_PER_DAY;
    this.unitsPerDay = SECONDS_PER_DAY / this.unitSeconds;
    this.startUnit = Math.floor(start / this.unitSeconds);

    const cycleDays = this.subDaily
      ? lcm(CYCLE.DAILY, rule.interval / gcd(this.unitsPerDay, rule.interval))
      : CYCLE[rule.freq as keyof typeof CYCLE] /
        gcd(CYCLE[rule.freq as keyof typeof CYCLE], rule.interval);
    this.cycleBlocks = cycleDays;
    this.dead = this.neverProduces();
  }

  /** Quick proofs of an empty rule: no time of day, no day in 400 years, or no INTERVAL phase. */
  private neverProduces(): boolean {
    if ((this.subDaily ? this.unitOffsets : this.times).length === 0) return true;
    let days = 0;
    for (let y = this.startYear; y < this.startYear + 400 && days === 0; y++)
      days += this.year(y).total;
    if (days === 0) return true;
    const phases = this.rule.interval / gcd(this.unitsPerDay, this.rule.interval);
    if (!this.subDaily || phases > 10_000) return false;
    for (let d = this.startDay; d < this.startDay + phases; d++)
      if (this.phaseCount(d) > 0) return false;
    return true;
  }

  /**
   * The first instance strictly after `query.after` whose instant is strictly after
   * `query.afterInstant` and that is not excluded, or undefined when the set has ended first
   * (COUNT, UNTIL, the end of year 9999, or a rule that produces nothing more).
   */
  next(query: NextQuery, clock: WallClock): (Instance & { instant: number }) | undefined {
    const { count, until } = this.rule;
    // Wall-clock bound up to which every instance is surely before both afterInstant and UNTIL.
    const bound = clock.localBefore(Math.min(query.afterInstant, until ?? Infinity));
    let position = query.after.position;
    if (this.dead) return undefined;
    let idle = 0;
    let jumped = false;
    const first = Math.max(0, this.blockOf(query.after.local));
    for (let j = first; ; j++) {
      const [firstDay, endDay] = this.block(j);
      if (firstDay * SECONDS_PER_DAY >= RANGE_END_LOCAL) return undefined;
      const before = endDay * SECONDS_PER_DAY <= bound;
      if (before && j > first && (this.subDaily || this.rule.freq === "DAILY")) {
        // Day-sized blocks: count all of them up to the bound in one pass.
        const last = this.lastBlockBefore(bound);
        const c = this.countBlocks(j, last);
        if (count !== undefined && position + c >= count) return undefined;
        position += c;
        j = last;
        continue;
      }
      const c = j > first ? this.count(j) : -1;
      if (c === 0 || (c > 0 && before)) {
        // Only counted: wholly before the bound, or empty.
        if (c === 0) {
          const last = this.lastPeriodless(j);
          idle += last - j;
          j = last;
        }
        idle = c === 0 ? idle + 1 : 0;
        if (idle > this.cycleBlocks) return undefined;
        if (count !== undefined && position + c >= count && before) return undefined;
        position += c;
        if (before && !jumped) {
          jumped = true;
          const jump = this.jumpCycles(j, position, bound);
          if (jump === "ended") return undefined;
          if (jump) [j, position] = jump;
        }
        continue;
      }
      idle = 0;
      for (const local of this.instances(j)) {
        if (local <= query.after.local || local <= this.start) continue;
        position++;
        if (count !== undefined && position > count) return undefined;
        if (local <= bound) continue;
        const instant = clock.toInstant(local);
        if (until !== undefined && instant > until) return undefined;
        if (instant > query.afterInstant && !query.excluded?.has(local)) {
          return local < RANGE_END_LOCAL ? { local, position, instant } : undefined;
        }
      }
    }
  }

  /** The instance at `position` (DTSTART = 1), or undefined when the set has fewer. */
  locate(position: number): Instance | undefined {
    if (position <= 1) return { local: this.start, position: 1 };
    if (this.dead) return undefined;
    if (this.rule.count !== undefined && position > this.rule.count) return undefined;
    let seen = 1;
    let idle = 0;
    for (let j = 0; ; j++) {
      const [firstDay] = this.block(j);
      if (firstDay * SECONDS_PER_DAY >= RANGE_END_LOCAL) return undefined;
      const c = j === 0 ? 0 : this.count(j);
      if (j > 0 && c === 0) {
        const last = this.lastPeriodless(j);
        idle += last - j;
        j = last;
      }
      idle = j > 0 && c === 0 ? idle + 1 : 0;
      if (idle > this.cycleBlocks) return undefined;
      if (j > 0 && seen + c < position) {
        seen += c;
        continue;
      }
      for (const local of this.instances(j)) {
        if (local <= this.start) continue;
        if (++seen === position) return { local, position };
      }
    }
  }

  /**
   * Skips whole cycles (block counts repeat every `cycleBlocks` blocks) when at least two lie
   * between block j and `bound`: the last skipped block and the position after it, or "ended"
   * when COUNT ends, or the rule stops producing, before the bound.
   */
  private jumpCycles(
    j: number,
    position: number,
    bound: number,
  ): [number, number] | "ended" | undefined {
    const cycle = this.cycleBlocks;
    const endOf = (k: number) => this.block(k)[1] * SECONDS_PER_DAY;
    if (cycle > 400_000 || endOf(j + 2 * cycle) > bound) return undefined;
    let perCycle = 0;
    for (let k = j + 1; k <= j + cycle; k++) perCycle += this.count(k);
    if (perCycle === 0) return "ended";
    let cycles = 2;
    while (endOf(j + (cycles + 1) * cycle) <= bound) cycles++;
    const total = position + cycles * perCycle;
    if (this.rule.count !== undefined && total >= this.rule.count) return "ended";
    return [j + cycles * cycle, total];
  }

  /**
   * Sub-daily rules whose INTERVAL spans days: the last block from j on before the day of the
   * next period (the days between hold none). Otherwise j.
   */
  private lastPeriodless(j: number): number {
    if (!this.subDaily || this.rule.interval <= this.unitsPerDay) return j;
    const nextDayUnit = (this.startDay + j + 1) * this.unitsPerDay;
    const unit =
      this.startUnit +
      Math.ceil((nextDayUnit - this.startUnit) / this.rule.interval) * this.rule.interval;
    return Math.max(j, Math.floor(unit / this.unitsPerDay) - this.startDay - 1);
  }

  /** Block j as a day range [firstDay, endDay). */
  private block(j: number): Block {
    const interval = this.rule.interval;
    switch (this.rule.freq) {
      case "YEARLY": {
        const year = this.startYear + j * interval;
        return [dayNumber(year, 1, 1), dayNumber(year + 1, 1, 1)];
      }
      case "MONTHLY": {
        const m = this.startMonth + j * interval;
        const year = Math.floor(m / 12);
        const month = m - year * 12 + 1;
        const first = dayNumber(year, month, 1);
        return [first, first + daysInMonth(year, month)];
      }
      case "WEEKLY": {
        const first = this.startWeek + 7 * j * interval;
        return [first, first + 7];
      }
      case "DAILY": {
        const d = this.startDay + j * interval;
        return [d, d + 1];
      }
      default:
        return [this.startDay + j, this.startDay + j + 1];
    }
  }

  /** The block holding a wall-clock time (the last block starting at or before it). */
  private blockOf(local: number): number {
    const day = Math.floor(local / SECONDS_PER_DAY);
    const interval = this.rule.interval;
    switch (this.rule.freq) {
      case "YEARLY":
        return Math.floor((civilDate(day).year - this.startYear) / interval);
      case "MONTHLY": {
        const { year, month } = civilDate(day);
        return Math.floor((year * 12 + month - 1 - this.startMonth) / interval);
      }
      case "WEEKLY":
        return Math.floor((day - this.startWeek) / (7 * interval));
      case "DAILY":
        return Math.floor((day - this.startDay) / interval);
      default:
        return day - this.startDay;
    }
  }

  /** Number of instances in block j, without expanding it (ignores DTSTART: not for block 0). */
  private count(j: number): number {
    const [firstDay, endDay] = this.block(j);
    if (this.subDaily) {
      return this.passes(firstDay) ? this.phaseCount(firstDay) * this.unitOffsets.length : 0;
    }
    let days = 0;
    if (this.rule.freq === "YEARLY") days = this.year(civilDate(firstDay).year).total;
    else if (this.rule.freq === "MONTHLY") {
      const { year, month } = civilDate(firstDay);
      days = this.year(year).perMonth[month]!;
    } else for (let d = firstDay; d < endDay; d++) days += this.passes(d) ? 1 : 0;
    const n = days * this.times.length;
    return this.rule.bySetPos ? this.setPosCount(n) : n;
  }

  /** The instances of block j in order (local seconds), BYSETPOS applied. */
  private instances(j: number): number[] {
    const [firstDay, endDay] = this.block(j);
    if (this.subDaily) {
      if (!this.passes(firstDay)) return [];
      const base = firstDay * SECONDS_PER_DAY;
      const out: number[] = [];
      for (const k of this.unitsOfDay(firstDay)) {
        for (const o of this.unitOffsets) out.push(base + k * this.unitSeconds + o);
      }
      return out;
    }
    const all: number[] = [];
    for (let d = firstDay; d < endDay; d++) {
      if (this.passes(d)) for (const t of this.times) all.push(d * SECONDS_PER_DAY + t);
    }
    return this.selectSetPos(all);
  }

  /** Units (hours, minutes or seconds of the day) of the INTERVAL phase that pass BYHOUR/BYMINUTE/BYSECOND. */
  private unitsOfDay(day: number): number[] {
    return this.unitsAtPhase(this.phaseOf(day));
  }

  /** The first unit of the day that is a period start (the INTERVAL phase of the day). */
  private phaseOf(day: number): number {
    return mod(this.startUnit - day * this.unitsPerDay, this.rule.interval);
  }

  private unitsAtPhase(phase: number): number[] {
    const units: number[] = [];
    for (let k = phase; k < this.unitsPerDay; k += this.rule.interval) {
      if (this.unitPasses(k)) units.push(k);
    }
    return units;
  }

  private phaseCount(day: number): number {
    return this.countAtPhase(this.phaseOf(day));
  }

  private countAtPhase(phase: number): number {
    let n = this.phaseCounts.get(phase);
    if (n === undefined) {
      n = this.unitsAtPhase(phase).length;
      // At most `interval` phases; past a day's worth each costs O(1) anyway.
      if (this.rule.interval <= this.unitsPerDay) this.phaseCounts.set(phase, n);
    }
    return n;
  }

  /** Sub-daily and DAILY rules: the last block that ends at or before a wall-clock time. */
  private lastBlockBefore(local: number): number {
    const lastDay = Math.floor(local / SECONDS_PER_DAY) - 1;
    const interval = this.subDaily ? 1 : this.rule.interval;
    return Math.floor(
      (Math.min(lastDay, RANGE_END_LOCAL / SECONDS_PER_DAY) - this.startDay) / interval,
    );
  }

  /** Sub-daily and DAILY rules: instances in blocks from..to, in one pass over the days. */
  private countBlocks(from: number, to: number): number {
    const step = this.subDaily ? 1 : this.rule.interval;
    const interval = this.rule.interval;
    const phaseStep = mod(-this.unitsPerDay, interval);
    let phase = this.subDaily ? this.phaseOf(this.startDay + from) : 0;
    let days = 0;
    let units = 0;
    let info = this.year(civilDate(this.startDay + from * step).year);
    for (let d = this.startDay + from * step; d <= this.startDay + to * step; d += step) {
      if (d >= info.first + info.mask.length) info = this.year(civilDate(d).year);
      if (info.mask[d - info.first] === 1) {
        if (this.subDaily) units += this.countAtPhase(phase);
        else days++;
      }
      if (this.subDaily) {
        phase += phaseStep;
        if (phase >= interval) phase -= interval;
      }
    }
    if (this.subDaily) return units * this.unitOffsets.length;
    const n = days * this.times.length;
    return this.rule.bySetPos ? days * this.setPosCount(this.times.length) : n;
  }

  private unitPasses(k: number): boolean {
    const [hour, minute, second] =
      this.rule.freq === "HOURLY"
        ? [k, undefined, undefined]
        : this.rule.freq === "MINUTELY"
          ? [Math.floor(k / 60), k % 60, undefined]
          : [Math.floor(k / 3600), Math.floor(k / 60) % 60, k % 60];
    return (
      (!this.byHour || this.byHour.has(hour)) &&
      (minute === undefined || !this.byMinute || this.byMinute.has(minute)) &&
      (second === undefined || !this.bySecond || this.bySecond.has(second))
    );
  }

  /** BYSETPOS on one period's sorted instances: those at the given positions, in order, once each. */
  private selectSetPos(values: readonly number[]): number[] {
    const positions = this.rule.bySetPos;
    if (!positions) return [...values];
    const picked = new Set<number>();
    for (const p of positions) {
      const i = p > 0 ? p - 1 : values.length + p;
      if (i >= 0 && i < values.length) picked.add(i);
    }
    return [...picked].sort((a, b) => a - b).map((i) => values[i]!);
  }

  private setPosCount(n: number): number {
    let c = this.setPosCounts.get(n);
    if (c === undefined) {
      const picked = new Set<number>();
      for (const p of this.rule.bySetPos!) {
        const i = p > 0 ? p - 1 : n + p;
        if (i >= 0 && i < n) picked.add(i);
      }
      c = picked.size;
      this.setPosCounts.set(n, c);
    }
    return c;
  }

  private passes(day: number): boolean {
    let info = this.lastYear;
    if (!info || day < info.first || day >= info.first + info.mask.length) {
      info = this.year(civilDate(day).year);
      this.lastYear = info;
    }
    return info.mask[day - info.first] === 1;
  }

  /** The day filters of one year; identical for years of the same kind, so computed once per kind. */
  private year(year: number): YearInfo {
    let info = this.years.get(year);
    if (info) return info;
    const first = dayNumber(year, 1, 1);
    const kind = `${weekday(first)}${+isLeapYear(year - 1)}${+isLeapYear(year)}${+isLeapYear(year + 1)}`;
    const key = `${this.filterKey}|${kind}`;
    let mask = MASKS.get(key);
    if (!mask) {
      mask = this.buildMask(year, first);
      if (MASKS.size > 10_000) MASKS.clear();
      MASKS.set(key, mask);
    }
    info = { first, ...mask };
    if (this.years.size > 20_000) this.years.clear();
    this.years.set(year, info);
    return info;
  }

  private buildMask(year: number, first: number): Omit<YearInfo, "first"> {
    const length = daysInYear(year);
    const mask = new Uint8Array(length);
    const perMonth = new Array<number>(13).fill(0);
    const monthFrame =
      this.rule.freq === "MONTHLY" || (this.rule.freq === "YEARLY" && !!this.byMonth);
    let total = 0;
    let month = 1;
    let monthStart = 0;
    for (let i = 0; i < length; i++) {
      if (i - monthStart >= daysInMonth(year, month)) {
        monthStart = i;
        month++;
      }
      const dim = daysInMonth(year, month);
      const mday = i - monthStart + 1;
      const yday = i + 1;
      const wd = weekday(first + i);
      const ok =
        (!this.byMonth || this.byMonth.has(month)) &&
        (!this.byWeekNo || this.weekNoMatches(first + i, year)) &&
        (!this.byYearDay || this.byYearDay.has(yday) || this.byYearDay.has(yday - length - 1)) &&
        (!this.byMonthDay || this.byMonthDay.has(mday) || this.byMonthDay.has(mday - dim - 1)) &&
        (!this.byDay ||
          this.byDay.some((d) => {
            if (d.weekday !== wd) return false;
            if (d.ordinal === undefined) return true;
            const [index, size] = monthFrame ? [mday, dim] : [yday, length];
            return (
              d.ordinal === Math.floor((index - 1) / 7) + 1 ||
              d.ordinal === -Math.floor((size - index) / 7) - 1
            );
          }));
      if (ok) {
        mask[i] = 1;
        perMonth[month]!++;
        total++;
      }
    }
    return { mask, perMonth, total };
  }

  /** BYWEEKNO: weeks start on WKST; week 1 is the first with at least four days of its year. */
  private weekNoMatches(day: number, year: number): boolean {
    const week1 = (y: number) => {
      const jan1 = dayNumber(y, 1, 1);
      const before = (weekday(jan1) - this.rule.wkst + 7) % 7;
      return jan1 - before + (before > 3 ? 7 : 0);
    };
    let weekYear = year;
    if (day < week1(year)) weekYear = year - 1;
    else if (day >= week1(year + 1)) weekYear = year + 1;
    const start = week1(weekYear);
    const weeks = (week1(weekYear + 1) - start) / 7;
    const no = Math.floor((day - start) / 7) + 1;
    return this.byWeekNo!.has(no) || this.byWeekNo!.has(no - weeks - 1);
  }
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}
