import { launchHandler } from './_lib/launch-handler';
import { httpFunction } from './_lib/register';

/** The clinician's "Start virtual visit" in Hyperspace / Haiku / Canto: SMART EHR launch. */
httpFunction('launch-provider', { route: 'launch/provider', methods: ['GET'], handler: launchHandler('provider') });
