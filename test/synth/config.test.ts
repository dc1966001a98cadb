// cdk8s.yaml: every key known, every setting read as written.
import { describe, expect, it } from 'vitest';
import { ConfigError, settingsFrom } from '../../lib/synth';
import { readConfigText } from '../../lib/synth/config';

const settingsOf = (text: string) => settingsFrom(readConfigText(text));

describe('cdk8s.yaml', () => {
  it('reads an unquoted version as written: 1.35 is "1.35", 1.30 is "1.30" (and not bundled)', () => {
    expect(settingsOf('kubeforge:\n  kubernetesVersion: 1.35\n').kubernetesVersion).toBe('1.35');
    expect(() => settingsOf('kubeforge:\n  kubernetesVersion: 1.30\n')).toThrow('kubeforge.kubernetesVersion "1.30" is not bundled');
    expect(settingsOf('kubeforge:\n  repository: { url: https://git.example.com/a.git, revision: 1.10 }\n').repository.revision).toBe('1.10');
  });

  it('keeps booleans booleans, and numbers that read as written numbers', () => {
    expect(settingsOf('kubeforge:\n  strict: false\n').strict).toBe(false);
    expect(readConfigText('kubeforge:\n  argocd: { retryLimit: 5 }\n')).toEqual({ kubeforge: { argocd: { retryLimit: 5 } } });
  });

  it('fails on unknown keys at the top and in kubeforge:, suggesting the key meant', () => {
    expect(() => settingsOf('outptu: dist\n')).toThrow(new ConfigError('cdk8s.yaml: unknown key "outptu"; did you mean "output"?'));
    expect(() => settingsOf('kubeforge:\n  layuot: files\n')).toThrow('cdk8s.yaml: kubeforge: unknown key "layuot"; did you mean "layout"?');
    expect(() => settingsOf('kubeforge:\n  colour: blue\n')).toThrow('cdk8s.yaml: kubeforge: unknown key "colour"; use one of kubernetesVersion,');
  });

  it('accepts the keys cdk8s itself reads', () => {
    expect(() => settingsOf('language: typescript\napp: node main.js\noutput: dist\nimports: [k8s]\n')).not.toThrow();
  });

  it('fails on YAML errors and duplicate keys, naming the file', () => {
    expect(() => readConfigText('output: dist\noutput: out\n')).toThrow(/^cdk8s\.yaml: not valid YAML: /);
  });
});
