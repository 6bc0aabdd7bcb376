//! The analysis worker: answers [`retort_web::protocol::Request`]s with
//! [`retort_web::analysis::Session`] off the main thread, so that typing in the
//! editor never waits for an analysis. Reports cross as updates of the report
//! before ([`ReportDiffer`]).

use retort_web::analysis::Session;
use retort_web::protocol::{FromWorker, ReportDiffer, Request, Response};
use retort_web::service::serve;

fn main() {
    let mut session = Session::default();
    let mut differ = ReportDiffer::default();
    let now = || js_sys::Date::now();
    serve(
        FromWorker::Response(Response::Ready),
        move |request: Request, emit: &mut dyn FnMut(FromWorker)| {
            emit(differ.wire(session.handle(request, &now)));
        },
    );
}
