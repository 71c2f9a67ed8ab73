import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../sandbox/kube/containerCommands.js';
import { lookupImage, normalizeImage } from '../../../sandbox/kube/images.js';
import { PodFiles } from '../../../sandbox/kube/podFiles.js';

describe("the sandbox's image registry", () => {
  it('reads names as a container runtime does', () => {
    expect(normalizeImage('busybox')).toBe('docker.io/library/busybox:latest');
    expect(normalizeImage('apache/kafka:4.1.0')).toBe('docker.io/apache/kafka:4.1.0');
    expect(normalizeImage('ghcr.io/adobe/koperator/kafka:2.13-3.9.1')).toBe('ghcr.io/adobe/koperator/kafka:2.13-3.9.1');
    expect(normalizeImage('localhost:5000/kafka')).toBe('localhost:5000/kafka:latest');
    expect(lookupImage('docker.io/apache/kafka:4.1.0')).toBe(lookupImage('apache/kafka:4.1.0'));
    expect(lookupImage('apache/kafka:9.9.9')).toBeUndefined();
  });

  it('holds the reporter jar in the Cruise Control image only, and the javaagent in the JMX image', () => {
    const reporter = '/opt/cruise-control/cruise-control/build/dependant-libs/cruise-control-metrics-reporter.jar';
    expect(lookupImage('adobe/cruise-control:3.0.3-adbe-20250804')?.files[reporter]?.classes).toContain(
      'com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter',
    );
    for (const kafka of ['apache/kafka:4.1.0', 'ghcr.io/adobe/koperator/kafka:2.13-3.9.1'])
      expect(Object.values(lookupImage(kafka)?.files ?? {}).flatMap((f) => f.classes ?? [])).not.toContain(
        'com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter',
      );
    expect(lookupImage('ghcr.io/adobe/koperator/jmx-javaagent:1.4.0')?.files['/jmx_prometheus_javaagent.jar']).toBeDefined();
  });
});

describe('init container commands on a Pod’s files', () => {
  const spec = { volumes: [{ name: 'ext', emptyDir: {} }] };
  const container = (image: string) => ({ name: 'copy', image, volumeMounts: [{ name: 'ext', mountPath: '/opt/kafka/libs/extensions' }] });
  const jar = '/opt/cruise-control/cruise-control/build/dependant-libs/cruise-control-metrics-reporter.jar';

  it('copies a file from the image into an emptyDir that another container of the Pod sees, into a directory by its name', () => {
    const files = new PodFiles();
    const copier = files.view('uid', spec, container('adobe/cruise-control:3.0.3-adbe-20250804'));
    expect(runCommand(['/bin/sh', '-cex', `cp -v ${jar} /opt/kafka/libs/extensions/`], copier, 'gnu')).toEqual({
      exitCode: 0,
      output: [`+ cp -v ${jar} /opt/kafka/libs/extensions/`, `'${jar}' -> '/opt/kafka/libs/extensions/cruise-control-metrics-reporter.jar'`],
    });
    const kafka = files.view('uid', spec, container('apache/kafka:4.1.0'));
    expect(kafka.list('/opt/kafka/libs/extensions').map((f) => f.path)).toEqual(['/opt/kafka/libs/extensions/cruise-control-metrics-reporter.jar']);
    // Another Pod's volume is its own.
    expect(files.view('other', spec, container('apache/kafka:4.1.0')).list('/opt/kafka/libs/extensions')).toEqual([]);
  });

  it("fails with cp's own words: GNU's or BusyBox's", () => {
    const files = new PodFiles().view('uid', spec, container('ghcr.io/adobe/koperator/jmx-javaagent:1.4.0'));
    expect(runCommand(['cp', '/nope.jar', '/opt/kafka/libs/extensions/a.jar'], files, 'busybox')).toEqual({
      exitCode: 1,
      output: ["cp: can't stat '/nope.jar': No such file or directory"],
    });
    expect(runCommand(['cp', '/nope.jar', '/x.jar'], files, 'gnu').output).toEqual(["cp: cannot stat '/nope.jar': No such file or directory"]);
    expect(runCommand(['cp', '/jmx_prometheus_javaagent.jar', '/no/such/dir/a.jar'], files, 'gnu').output).toEqual([
      "cp: cannot create regular file '/no/such/dir/a.jar': No such file or directory",
    ]);
    // sh -e stops at the first failure.
    expect(runCommand(['sh', '-ce', 'cp /nope.jar /tmp/a; cp /jmx_prometheus_javaagent.jar /opt/kafka/libs/extensions/'], files, 'busybox').exitCode).toBe(1);
  });
});
