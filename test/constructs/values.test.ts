import { describe, expect, it } from 'vitest';
import { ByteSize, Cpu, PercentOrAbsolute } from '../../lib';

describe('value types', () => {
  it('renders CPU in canonical form', () => {
    expect(Cpu.millis(250).toQuantity()).toBe('250m');
    expect(Cpu.cores(2).toQuantity()).toBe('2');
    expect(Cpu.cores(0.5).toQuantity()).toBe('500m');
    expect(Cpu.parse('1500m').toQuantity()).toBe('1500m');
    expect(Cpu.parse('1000m').toQuantity()).toBe('1');
  });

  it('renders byte sizes in canonical form of their family', () => {
    expect(ByteSize.mebibytes(1024).toQuantity()).toBe('1Gi');
    expect(ByteSize.mebibytes(1536).toQuantity()).toBe('1536Mi');
    expect(ByteSize.parse('1500M').toQuantity()).toBe('1500M');
    expect(ByteSize.parse('1.5Gi').toQuantity()).toBe('1536Mi');
    expect(ByteSize.bytes(1000).toQuantity()).toBe('1k');
  });

  it('renders percent or absolute', () => {
    expect(PercentOrAbsolute.percent(25).toIntOrString()).toBe('25%');
    expect(PercentOrAbsolute.absolute(2).toIntOrString()).toBe(2);
  });

  it('fails when a value is not representable', () => {
    expect(() => Cpu.parse('lots')).toThrow(/not a CPU quantity/);
    expect(() => Cpu.cores(0.0001)).toThrow(/finer than one millicore/);
    expect(() => ByteSize.parse('12XB')).toThrow(/not a byte quantity/);
    expect(() => PercentOrAbsolute.percent(150)).toThrow(/0 to 100/);
  });
});
