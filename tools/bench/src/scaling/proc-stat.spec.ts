import { cpuMsFromStat, processCpuMs } from './proc-stat';

describe(cpuMsFromStat.name, () => {
  it('reads utime and stime after the command name, even one holding spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const line = '4242 (postgres: a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 1000 1000 100';
    expect(cpuMsFromStat(line)).toBe(3000);
  });
});

describe(processCpuMs.name, () => {
  it('grows while this process works, and is undefined for a process that is gone', () => {
    const before = processCpuMs(process.pid)!;
    const until = Date.now() + 200;
    let spin = 0;
    while (Date.now() < until) {
      spin += 1;
    }
    expect(spin).toBeGreaterThan(0);
    expect(processCpuMs(process.pid)!).toBeGreaterThan(before);
    expect(processCpuMs(2 ** 22 + 1)).toBeUndefined();
  });
});
