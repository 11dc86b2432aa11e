import { htmlPage } from './_lib/html';
import { httpFunction } from './_lib/register';
import { deviceTestPage } from './_lib/visit-pages';

/** The device test the EHR's device-test record points at: camera and microphone permission in the browser. */
httpFunction('visit-device-test', { route: 'visits/device-test', methods: ['GET'], handler: async () => htmlPage(deviceTestPage()) });
