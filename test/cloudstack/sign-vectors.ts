/** Known-answer vectors for CloudStack request signing, shared by the client's signer and the lab server's verifier. */
// The four vectors of shared notes §2.1, verified there against Python and a Java re-implementation.
export const signingVectors: {
  params: Record<string, string>;
  secret: string;
  toSign: string;
  signature: string;
}[] = [
  {
    params: { apiKey: 'foo', command: 'listVirtualMachines', listall: 'true', response: 'json' },
    secret: 'bar',
    toSign: 'apikey=foo&command=listvirtualmachines&listall=true&response=json',
    signature: 'B0d6hBsZTcFVCiioSxzwKA9Pke8=',
  },
  {
    params: {
      apiKey: 'foo',
      command: 'listVirtualMachines',
      page: '1',
      pageSize: '10',
      response: 'json',
      temPlateidd: '4',
      templateId: '3',
      zoneId: '2',
    },
    secret: 'bar',
    toSign:
      'apikey=foo&command=listvirtualmachines&page=1&pagesize=10&response=json&templateidd=4&templateid=3&zoneid=2',
    signature: 'mMS7XALuGkCXk7kj5SywySku0Z0=',
  },
  {
    params: {
      apikey: 'plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg',
      command: 'listUsers',
      response: 'json',
    },
    secret: 'VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ',
    toSign:
      'apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66mg&command=listusers&response=json',
    signature: 'TTpdDq/7j/J58XCRHomKoQXEQds=',
  },
  {
    params: {
      apiKey: 'foo',
      clusterid: '1c4e4b5e-6f2a-4b7e-9d1a-0c2f4e5a6b7c',
      command: 'listConfigurations',
      expires: '2026-11-24T17:00:00+0000',
      name: 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor',
      response: 'json',
      signatureVersion: '3',
    },
    secret: 'bar',
    toSign:
      'apikey=foo&clusterid=1c4e4b5e-6f2a-4b7e-9d1a-0c2f4e5a6b7c&command=listconfigurations&expires=2026-11-24t17%3a00%3a00%2b0000&name=vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor&response=json&signatureversion=3',
    signature: '2B+jv4eJrIwxJorPAfoplQN/R9M=',
  },
];
