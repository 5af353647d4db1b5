import { IANAZone } from "luxon";
import { SECONDS_PER_DAY } from "./civil-calendar.js";
import type { WallClock } from "./recurrence-set.js";

const knownZones = new Set<string>();

/**
 * True for an IANA time zone name. Only valid names are remembered (a bounded set): luxon's
 * `isValidZone` builds an Intl formatter per call, and its zone cache keeps invalid names too.
 */
export function isTimeZone(name: string): boolean {
  if (knownZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
  } catch {
    return false;
  }
  knownZones.add(name);
  return true;
}

/** UTC offsets around one local day: the offset before and after it, and the transition between. */
interface DayOffsets {
  readonly before: number;
  readonly after: number;
  /** First instant (epoch seconds) with the `after` offset; only when the offsets differ. */
  readonly transition: number;
}

/**
 * Wall clock ↔ instant in one IANA zone, by RFC 5545 3.3.5: a local time that a DST gap skips
 * is read with the offset before the transition (so it moves forward by the gap), and one
 * that occurs twice is its first occurrence. Depends only on the zone's rules, never on the
 * current date (luxon's `fromObject` guesses from today's offset, which flips ambiguous times
 * with the season). Offsets are looked up once per local day and cached.
 */
export class ZoneClock implements WallClock {
  private readonly zone: IANAZone;
  private readonly days = new Map<number, DayOffsets>();

  private static readonly clocks = new Map<string, ZoneClock>();

  /** The clock of a zone, shared: offsets are a function of the zone alone, so its cache is too. */
  static of(timezone: string): ZoneClock {
    let clock = ZoneClock.clocks.get(timezone);
    if (!clock) {
      clock = new ZoneClock(timezone);
      ZoneClock.clocks.set(timezone, clock); // valid zones only: a bounded set
    }
    return clock;
  }

  constructor(timezone: string) {
    if (!isTimeZone(timezone)) throw new Error(`'${timezone}' is not an IANA time zone`);
    this.zone = IANAZone.create(timezone);
  }

  /** Local seconds of an instant (epoch milliseconds), truncated to the second. */
  toLocal(instantMs: number): number {
    const seconds = Math.floor(instantMs / 1000);
    return seconds + this.offset(seconds);
  }

  /** Epoch seconds of a wall-clock time (local seconds). */
  toInstant(local: number): number {
    const { before, after, transition } = this.offsetsOfDay(Math.floor(local / SECONDS_PER_DAY));
    if (before === after) return local - before;
    const early = local - before;
    const late = local - after;
    const earlyValid = early < transition;
    const lateValid = late >= transition;
    if (earlyValid && lateValid) return Math.min(early, late); // overlap: the first occurrence
    if (earlyValid) return early;
    if (lateValid) return late;
    return early; // gap: the offset before the transition
  }

  /**
   * A wall-clock time at or before which every wall-clock time maps to an instant at or before
   * `instant` (epoch seconds): its wall clock less the largest offset change around it.
   */
  localBefore(instant: number): number {
    if (!Number.isFinite(instant)) return instant;
    const t = Math.floor(instant);
    const around = [t - 2 * SECONDS_PER_DAY, t, t + 2 * SECONDS_PER_DAY].map((x) => this.offset(x));
    return t + Math.min(...around);
  }

  private offset(epochSeconds: number): number {
    return Math.round(this.zone.offset(epochSeconds * 1000) * 60);
  }

  private offsetsOfDay(day: number): DayOffsets {
    const cached = this.days.get(day);
    if (cached) return cached;
    // A day's wall clock lies within a day of its instants in every zone: look a day either side.
    let lo = (day - 1) * SECONDS_PER_DAY;
    let hi = (day + 2) * SECONDS_PER_DAY;
    const before = this.offset(lo);
    const after = this.offset(hi);
    if (before !== after) {
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.offset(mid) === before) lo = mid;
        else hi = mid;
      }
    }
    const offsets = { before, after, transition: hi };
    if (this.days.size > 10_000) this.days.clear();
    this.days.set(day, offsets);
    return offsets;
  }
}
