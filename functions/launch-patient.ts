import { launchHandler } from './_lib/launch-handler';
import { httpFunction } from './_lib/register';

/** The patient's "Virtual visit" in MyChart (or the SMS link): SMART EHR launch, patient context. */
httpFunction('launch-patient', { route: 'launch/patient', methods: ['GET'], handler: launchHandler('patient') });
